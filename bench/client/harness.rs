//! What both bench client programs share (`client/main.rs` for Proton, `lambda/main.rs` for
//! Lambda): a counting global allocator, the command line, CPU time and peak memory, and the
//! measurement itself (warm-up, sequential calls, concurrent calls), printed as one line,
//! `result key=value ...`, that `cargo xtask bench` reads.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The system allocator, counting every allocation (reallocations count as one).
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED_BYTES: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(layout.size() as u64, Ordering::Relaxed);
        System.alloc_zeroed(layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED_BYTES.fetch_add(new_size as u64, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

pub struct Args {
    /// The loopback server's URL.
    pub endpoint: String,
    warmup: usize,
    calls: usize,
    concurrent_calls: usize,
    tasks: usize,
}

pub fn parse_args() -> Args {
    let mut args = Args {
        endpoint: String::new(),
        warmup: 300,
        calls: 3000,
        concurrent_calls: 8000,
        tasks: 16,
    };
    let mut iter = std::env::args().skip(1);
    while let Some(arg) = iter.next() {
        let value = iter.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        let number = || value.parse::<usize>().expect("a number");
        match arg.as_str() {
            "--endpoint" => args.endpoint = value.clone(),
            "--warmup" => args.warmup = number(),
            "--calls" => args.calls = number(),
            "--concurrent-calls" => args.concurrent_calls = number(),
            "--tasks" => args.tasks = number().max(1),
            other => panic!("unknown argument `{other}`"),
        }
    }
    assert!(!args.endpoint.is_empty(), "--endpoint URL is required");
    args
}

/// Process CPU time (user + system) and peak resident set size in KiB.
fn rusage() -> (Duration, u64) {
    // SAFETY: getrusage fills the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    (
        tv(usage.ru_utime) + tv(usage.ru_stime),
        usage.ru_maxrss as u64,
    )
}

/// Peak resident set size of this process in KiB: `VmHWM`, the high-water mark of its own
/// address space. `ru_maxrss` is only the fallback: Linux carries the resident size of the
/// parent (here `cargo xtask bench`) over `exec` into it, so it can report the parent's size.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                let kib = line.strip_prefix("VmHWM:")?.trim().strip_suffix("kB")?;
                kib.trim().parse().ok()
            })
        })
        .unwrap_or_else(|| rusage().1)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// One client and the one call the program measures.
pub trait Call: Clone + Send + Sync + 'static {
    /// Makes the call; panics unless the whole answer came back.
    fn call(&self) -> impl std::future::Future<Output = ()> + Send;
}

/// Measures `client`'s calls and prints the `result` line.
pub fn measure<C: Call>(args: &Args, runtime: tokio::runtime::Runtime, client: C) {
    runtime.block_on(async {
        // Warm up: connections, lazily built state, allocator pools.
        for _ in 0..args.warmup {
            client.call().await;
        }
        let mut warm = Vec::new();
        for _ in 0..args.tasks {
            let client = client.clone();
            warm.push(tokio::spawn(async move {
                for _ in 0..4 {
                    client.call().await;
                }
            }));
        }
        for task in warm {
            task.await.expect("warm-up task");
        }
    });

    // Sequential calls: latency, CPU time and allocations per call.
    let mut latencies = Vec::with_capacity(args.calls);
    let (cpu_before, _) = rusage();
    let allocations_before = ALLOCATIONS.load(Ordering::Relaxed);
    let bytes_before = ALLOCATED_BYTES.load(Ordering::Relaxed);
    runtime.block_on(async {
        for _ in 0..args.calls {
            let started = Instant::now();
            client.call().await;
            latencies.push(started.elapsed());
        }
    });
    let allocations = ALLOCATIONS.load(Ordering::Relaxed) - allocations_before;
    let bytes = ALLOCATED_BYTES.load(Ordering::Relaxed) - bytes_before;
    let (cpu_after, _) = rusage();
    latencies.sort();

    // Throughput: `tasks` tasks sharing one client.
    let per_task = (args.concurrent_calls / args.tasks).max(1);
    let started = Instant::now();
    runtime.block_on(async {
        let mut tasks = Vec::new();
        for _ in 0..args.tasks {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..per_task {
                    client.call().await;
                }
            }));
        }
        for task in tasks {
            task.await.expect("a bench task");
        }
    });
    let elapsed = started.elapsed();
    let throughput = (per_task * args.tasks) as f64 / elapsed.as_secs_f64();
    drop(client);
    drop(runtime);
    let maxrss_kib = peak_rss_kib();

    let calls = args.calls.max(1) as f64;
    println!(
        "result latency_median_us={:.2} latency_p99_us={:.2} throughput_per_s={:.1} \
         cpu_us_per_call={:.2} allocs_per_call={:.1} alloc_bytes_per_call={:.0} maxrss_kib={}",
        percentile(&latencies, 0.5).as_secs_f64() * 1e6,
        percentile(&latencies, 0.99).as_secs_f64() * 1e6,
        throughput,
        (cpu_after - cpu_before).as_secs_f64() * 1e6 / calls,
        allocations as f64 / calls,
        bytes as f64 / calls,
        maxrss_kib,
    );
}
