use std::process::ExitCode;

// The generator allocates many small token streams and strings on every render thread; with
// mimalloc a large model generates about a third faster than with the system allocator
// (lightsail: 0.9 s to 0.6 s on 2 cores), most of it glibc's arena and consolidation work.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  codegen   generate a crate from a Smithy model (see `cargo xtask codegen --help`)
  bench     the generated client side by side with aws-sdk-proton (see `cargo xtask bench --help`)
  api-names a crate's public names, or how ours differ from an official crate's (see `cargo xtask api-names --help`)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("codegen") if args[1..].iter().any(|a| a == "--help" || a == "-h") => {
            println!("{}", xtask::CODEGEN_USAGE);
            0
        }
        Some("codegen") => xtask::codegen_main(&args[1..]),
        Some("bench") if args[1..].iter().any(|a| a == "--help" || a == "-h") => {
            println!("{}", xtask::bench::BENCH_USAGE);
            0
        }
        Some("bench") => xtask::bench::bench_main(&args[1..]),
        Some("api-names") if args[1..].iter().any(|a| a == "--help" || a == "-h") => {
            println!("{}", xtask::api_names::API_NAMES_USAGE);
            0
        }
        Some("api-names") => xtask::api_names::api_names_main(&args[1..]),
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            0
        }
        Some(other) => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            2
        }
        None => {
            eprintln!("{USAGE}");
            2
        }
    };
    ExitCode::from(code as u8)
}
