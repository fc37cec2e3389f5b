//! What the generator promises about its output folder, proven against the built `xtask`
//! binary (and, for the checked-in layout, against `xtask::run_codegen` on a copy of it):
//!
//! - a model that fails leaves the folder exactly as it was, bytes and times;
//! - a run killed at any moment leaves every file old or new, never partial, and the next run
//!   cleans up and finishes the job;
//! - a file the generator did not write is never replaced or removed;
//! - runs at the same time do not corrupt the folder.
//!
//! The models are made here from the kitchen-sink fixture plus many synthetic operations, so
//! the tests need nothing outside the repository.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use codegen::output::{is_temporary_name, LOCK_FILE};

/// The tests that time or race processes run one at a time, so their timings mean something
/// on a small machine.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A temporary folder in memory (`/dev/shm`) where there is one, for the tests that run the
/// generator dozens of times: what they prove (each file is replaced by a rename, so a killed or
/// racing process leaves it old or new) does not depend on the file system, and on a disk the
/// generator's flushes (one per file) would make them take minutes. The other tests use the
/// default temporary folder, on disk.
fn fast_tempdir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    shm.is_dir()
        .then(|| {
            tempfile::Builder::new()
                .prefix("output-safety")
                .tempdir_in(shm)
                .ok()
        })
        .flatten()
        .unwrap_or_else(|| tempfile::tempdir().unwrap())
}

const HAND_WRITTEN: &str =
    "// My own helpers; the generator must leave them alone.\npub fn mine() {}\n";

fn codegen(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.arg("codegen").args(args);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run(args: &[&str]) -> Output {
    codegen(args).output().expect("the xtask binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// The kitchen-sink fixture with `count` extra operations starting at `first`, each with its
/// own input, output, structure and enum, documented as belonging to `generation`.
fn synthetic_model(first: usize, count: usize, generation: &str) -> String {
    let base = fs::read_to_string(
        xtask::workspace_root().join("codegen/tests/fixtures/kitchen-sink.json"),
    )
    .unwrap();
    let mut shapes = String::new();
    let mut targets = String::new();
    for i in first..first + count {
        let op = format!("example.kitchen#SynthOp{i:03}");
        targets.push_str(&format!("{{ \"target\": \"{op}\" }},\n"));
        shapes.push_str(&format!(
            r#"
        "{op}": {{
            "type": "operation",
            "input": {{ "target": "{op}Request" }},
            "output": {{ "target": "{op}Response" }},
            "traits": {{ "smithy.api#documentation": "Synthetic operation {i}, {generation} generation." }}
        }},
        "{op}Request": {{
            "type": "structure",
            "members": {{
                "name": {{ "target": "smithy.api#String", "traits": {{ "smithy.api#required": {{}} }} }},
                "count": {{ "target": "smithy.api#Integer" }},
                "item": {{ "target": "example.kitchen#SynthItem{i:03}" }}
            }}
        }},
        "{op}Response": {{
            "type": "structure",
            "members": {{
                "value": {{ "target": "smithy.api#String" }},
                "kind": {{ "target": "example.kitchen#SynthKind{i:03}" }}
            }}
        }},
        "example.kitchen#SynthItem{i:03}": {{
            "type": "structure",
            "members": {{ "id": {{ "target": "smithy.api#String" }} }},
            "traits": {{ "smithy.api#documentation": "An item, {generation} generation." }}
        }},
        "example.kitchen#SynthKind{i:03}": {{
            "type": "enum",
            "members": {{
                "ONE": {{ "target": "smithy.api#Unit", "traits": {{ "smithy.api#enumValue": "one" }} }}
            }},
            "traits": {{ "smithy.api#documentation": "A kind, {generation} generation." }}
        }},"#
        ));
    }
    // The service is the fixture's first shape, so the first operation list is the service's.
    let model = base.replacen("\"shapes\": {", &format!("\"shapes\": {{{shapes}"), 1);
    model.replacen(
        "\"operations\": [",
        &format!("\"operations\": [\n{targets}"),
        1,
    )
}

/// Two generations of one crate, as plain file contents, and the models that make them.
struct Generations {
    old_model: PathBuf,
    new_model: PathBuf,
    /// Old generation plus the hand-written file.
    before: BTreeMap<String, Vec<u8>>,
    /// New generation plus the hand-written file.
    after: BTreeMap<String, Vec<u8>>,
}

const HAND_WRITTEN_PATH: &str = "src/handwritten.rs";

/// Every output folder sits directly under `tmp`, so the relative path to the runtime, and so
/// every file, is the same in all of them.
fn generations(tmp: &Path, operations: usize) -> Generations {
    // One file name for both, as the generated files' header names the model file.
    let old_model = tmp.join("old/model.json");
    let new_model = tmp.join("new/model.json");
    fs::create_dir_all(tmp.join("old")).unwrap();
    fs::create_dir_all(tmp.join("new")).unwrap();
    // The new model drops the first few operations, adds as many, and changes every other one.
    let shift = operations / 4 + 1;
    fs::write(&old_model, synthetic_model(0, operations, "first")).unwrap();
    fs::write(&new_model, synthetic_model(shift, operations, "second")).unwrap();
    let clean = |model: &Path, name: &str| {
        let out = tmp.join(name);
        let run = run(&[
            "--model",
            s(model),
            "--out",
            s(&out),
            "--crate-name",
            "synth",
        ]);
        assert!(run.status.success(), "{}", text(&run.stderr));
        let mut files = contents(&out);
        files.insert(HAND_WRITTEN_PATH.into(), HAND_WRITTEN.into());
        fs::remove_dir_all(&out).unwrap();
        files
    };
    let before = clean(&old_model, "old-clean");
    let after = clean(&new_model, "new-clean");
    assert!(before.len() > operations * 5, "{} files", before.len());
    Generations {
        old_model,
        new_model,
        before,
        after,
    }
}

fn generate_args<'a>(model: &'a Path, out: &'a Path) -> [&'a str; 6] {
    [
        "--model",
        s(model),
        "--out",
        s(out),
        "--crate-name",
        "synth",
    ]
}

/// Every file under `dir` (hidden ones included), by relative path.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    for (relative, node) in tree(dir, false) {
        if let Node::File(bytes, _) = node {
            found.insert(relative, bytes);
        }
    }
    found
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    File(Vec<u8>, SystemTime),
    Dir(Option<SystemTime>),
    Link(PathBuf),
}

/// Everything under `dir`: files with contents and modification times, folders (with their
/// times when `dir_times`), symbolic links.
fn tree(dir: &Path, dir_times: bool) -> BTreeMap<String, Node> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = fs::read_dir(&current) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let relative = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let metadata = fs::symlink_metadata(&path).unwrap();
            let node = if metadata.file_type().is_symlink() {
                Node::Link(fs::read_link(&path).unwrap())
            } else if metadata.is_dir() {
                stack.push(path.clone());
                Node::Dir(dir_times.then(|| metadata.modified().unwrap()))
            } else {
                // A file can vanish between listing and reading while a run is killed; retry.
                match fs::read(&path) {
                    Ok(bytes) => Node::File(bytes, metadata.modified().unwrap()),
                    Err(_) => continue,
                }
            };
            found.insert(relative, node);
        }
    }
    found
}

/// Replaces `dir` with exactly `files`.
fn restore(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    if dir.exists() {
        fs::remove_dir_all(dir).unwrap();
    }
    for (relative, bytes) in files {
        let path = dir.join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

fn file_name(relative: &str) -> &str {
    relative.rsplit('/').next().unwrap()
}

/// Compares the folder's files with two states. Every file must be exactly old or exactly
/// new (temporary files and the lock file of a killed run aside, which the caller counts).
/// Returns (files in their old state, files in their new state, temporary files), counting only
/// the paths whose two states differ.
fn old_or_new(
    now: &BTreeMap<String, Vec<u8>>,
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
    context: &str,
) -> (usize, usize, usize) {
    let (mut old, mut new, mut temporary) = (0, 0, 0);
    for (relative, bytes) in now {
        if is_temporary_name(file_name(relative)) {
            temporary += 1;
            continue;
        }
        if relative == LOCK_FILE {
            continue;
        }
        let was = before.get(relative);
        let will = after.get(relative);
        assert!(
            was == Some(bytes) || will == Some(bytes),
            "{context}: {relative} is neither the old nor the new file ({} bytes; old {:?}, new {:?})",
            bytes.len(),
            was.map(Vec::len),
            will.map(Vec::len),
        );
        if was != will {
            if was == Some(bytes) {
                old += 1;
            } else {
                new += 1;
            }
        }
    }
    let paths: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for relative in paths {
        if !now.contains_key(relative) {
            assert!(
                before.get(relative).is_none() || after.get(relative).is_none(),
                "{context}: {relative} vanished, but it exists in the old and the new output"
            );
            if before.contains_key(relative) {
                new += 1;
            } else {
                old += 1;
            }
        }
    }
    (old, new, temporary)
}

// (a) A model that fails changes nothing.

/// Copies what `cargo xtask codegen` reads and writes to a new root.
fn copy_checked_in_layout(to: &Path) {
    let root = xtask::workspace_root();
    let mut folders = vec!["model", "codegen/tests/fixtures"];
    folders.extend(xtask::CHECKED_IN.iter().map(|(_, out)| *out));
    for folder in folders {
        for (relative, node) in tree(&root.join(folder), false) {
            if relative == "target" || relative.starts_with("target/") {
                continue;
            }
            if let Node::File(bytes, _) = node {
                let path = to.join(folder).join(relative);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, bytes).unwrap();
            }
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has `{from}`", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_failing_model_leaves_the_checked_in_layout_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let pristine = tmp.path().join("pristine");
    copy_checked_in_layout(&pristine);
    let defaults = xtask::CodegenArgs::default();
    // The copy generates cleanly, so what follows fails only for the reason each case gives.
    let root = tmp.path().join("root");
    restore(&root, &contents(&pristine));
    xtask::run_codegen(&root, &defaults).expect("the copied layout generates");
    let layout = contents(&root);

    const PROTON: &str = "model/proton.json";
    const KITCHEN: &str = "codegen/tests/fixtures/kitchen-sink.json";
    // A valid change to the Proton model, so that a run that went ahead would rewrite
    // generated/: every case below must still leave it untouched.
    let valid_change = |root: &Path| {
        edit(
            &root.join(PROTON),
            "A human-readable explanation of the error.",
            "A changed explanation of the error.",
        )
    };
    type Break = fn(&Path);
    // (case, how it breaks, what the error says). Model problems stop the run before it takes
    // the lock, so not even a folder's modification time changes; a collision is found while
    // planning under the lock, whose file comes and goes, so only files are compared then.
    let cases: [(&str, Break, &str); 6] = [
        (
            "invalid JSON",
            |root| fs::write(root.join(PROTON), "{ \"smithy\": \"2.0\", ").unwrap(),
            "proton.json",
        ),
        (
            "a dangling target",
            |root| {
                edit(
                    &root.join(PROTON),
                    "\"target\": \"com.amazonaws.proton#ErrorMessage\"",
                    "\"target\": \"com.amazonaws.proton#Missing\"",
                )
            },
            "com.amazonaws.proton#Missing",
        ),
        (
            "an unsupported protocol",
            |root| {
                edit(
                    &root.join(PROTON),
                    "aws.protocols#awsJson1_0",
                    "aws.protocols#restJson1",
                )
            },
            "protocol",
        ),
        (
            "the second crate's model broken while the first is fine",
            |root| {
                edit(
                    &root.join(KITCHEN),
                    "\"smithy.api#Long\"",
                    "\"example.kitchen#Missing\"",
                )
            },
            "example.kitchen#Missing",
        ),
        (
            "broken settings",
            |root| fs::write(root.join("model/smithy-build.json"), "[]").unwrap(),
            "smithy-build.json",
        ),
        (
            "a hand-written file where the second crate has a generated one",
            |root| {
                fs::write(
                    root.join("codegen/tests/snapshots/kitchen-sink/src/lib.rs"),
                    HAND_WRITTEN,
                )
                .unwrap()
            },
            "kitchen-sink/src/lib.rs: refusing to overwrite",
        ),
    ];
    for (case, break_it, expected) in cases {
        restore(&root, &layout);
        valid_change(&root);
        break_it(&root);
        let dir_times = !expected.contains("refusing");
        let before = tree(&root, dir_times);
        let error = xtask::run_codegen(&root, &defaults).expect_err(case);
        assert!(error.contains(expected), "{case}: {error}");
        assert_eq!(tree(&root, dir_times), before, "{case}: the layout changed");
    }
}

#[test]
fn a_failing_model_leaves_a_previous_generation_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("model.json");
    let good = synthetic_model(0, 3, "first");
    fs::write(&model, &good).unwrap();
    let out = tmp.path().join("out");
    let first = run(&generate_args(&model, &out));
    assert!(first.status.success(), "{}", text(&first.stderr));
    fs::write(out.join(HAND_WRITTEN_PATH), HAND_WRITTEN).unwrap();
    // A valid change, so a run that went ahead would write.
    let changed = good.replace("first generation", "second generation");

    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("an empty file", Vec::new(), "model.json"),
        ("invalid JSON", b"{ \"smithy\": [".to_vec(), "model.json"),
        (
            "not UTF-8",
            b"{ \"smithy\": \"2.0\xff\" }".to_vec(),
            "model.json",
        ),
        (
            "a dangling target",
            changed
                .replacen("\"smithy.api#Long\"", "\"example.kitchen#Missing\"", 1)
                .into(),
            "example.kitchen#Missing",
        ),
        (
            "an unsupported protocol",
            changed
                .replace("aws.protocols#awsJson1_1", "aws.protocols#restXml")
                .into(),
            "protocol",
        ),
    ];
    for (case, bytes, expected) in &cases {
        fs::write(&model, bytes).unwrap();
        let before = tree(&out, true);
        let failed = run(&generate_args(&model, &out));
        let stderr = text(&failed.stderr);
        assert_eq!(failed.status.code(), Some(1), "{case}: {stderr}");
        assert!(stderr.contains(expected), "{case}: {stderr}");
        assert!(stderr.contains("nothing was written"), "{case}: {stderr}");
        assert!(!stderr.contains("panicked"), "{case}: {stderr}");
        assert_eq!(tree(&out, true), before, "{case}: the folder changed");
    }

    // Neither a missing model, nor a folder given as the model, nor an unknown operation.
    fs::write(&model, &changed).unwrap();
    let before = tree(&out, true);
    let missing = tmp.path().join("missing.json");
    for (case, args) in [
        (
            "a missing model file",
            generate_args(&missing, &out).to_vec(),
        ),
        (
            "a folder as the model",
            generate_args(tmp.path(), &out).to_vec(),
        ),
        (
            "an unknown operation",
            [
                &generate_args(&model, &out)[..],
                &["--operation", "NoSuchThing"],
            ]
            .concat(),
        ),
    ] {
        let failed = run(&args);
        assert_eq!(
            failed.status.code(),
            Some(1),
            "{case}: {}",
            text(&failed.stderr)
        );
        assert_eq!(tree(&out, true), before, "{case}: the folder changed");
    }

    // A folder that does not exist is not created by a failing run.
    fs::write(&model, b"").unwrap();
    let fresh = tmp.path().join("fresh");
    assert_eq!(run(&generate_args(&model, &fresh)).status.code(), Some(1));
    assert!(!fresh.exists());
}

// (b) Killed at any moment.

/// When, from its start, a run reached each step, as seen from outside by polling.
#[derive(Debug, Default, Clone, Copy)]
struct Timeline {
    /// The lock file appeared: generation is done, planning and writing begin.
    locked: Option<Duration>,
    /// The first changed file (in path order) became new: renaming began.
    first_new: Option<Duration>,
    /// The last changed file became new.
    last_new: Option<Duration>,
    exited: Duration,
}

#[derive(Debug, Clone, Copy)]
enum Anchor {
    Start,
    Locked,
    FirstNew,
}

struct Watch<'a> {
    out: &'a Path,
    first: (&'a Path, &'a [u8]),
    last: (&'a Path, &'a [u8]),
}

impl Watch<'_> {
    fn reached(&self, anchor: Anchor) -> bool {
        match anchor {
            Anchor::Start => true,
            Anchor::Locked => self.out.join(LOCK_FILE).exists(),
            Anchor::FirstNew => fs::read(self.first.0).is_ok_and(|bytes| bytes == self.first.1),
        }
    }

    fn timeline(&self, mut child: Child) -> (Timeline, Output) {
        let started = Instant::now();
        let mut timeline = Timeline::default();
        loop {
            let now = started.elapsed();
            if timeline.locked.is_none() && self.reached(Anchor::Locked) {
                timeline.locked = Some(now);
            }
            if timeline.first_new.is_none() && self.reached(Anchor::FirstNew) {
                timeline.first_new = Some(now);
            }
            if timeline.last_new.is_none()
                && fs::read(self.last.0).is_ok_and(|bytes| bytes == self.last.1)
            {
                timeline.last_new = Some(now);
            }
            if child.try_wait().unwrap().is_some() {
                timeline.exited = started.elapsed();
                return (timeline, child.wait_with_output().unwrap());
            }
            std::thread::yield_now();
        }
    }

    /// Waits for `anchor`, then `delay`, then kills the run with SIGKILL. Returns whether the
    /// run was still going when it was killed.
    fn kill_after(&self, mut child: Child, anchor: Anchor, delay: Duration) -> bool {
        while !self.reached(anchor) {
            if child.try_wait().unwrap().is_some() {
                return false;
            }
            std::thread::yield_now();
        }
        let fired = Instant::now();
        while fired.elapsed() < delay {
            if child.try_wait().unwrap().is_some() {
                return false;
            }
            std::thread::sleep(Duration::from_micros(200).min(delay));
        }
        let alive = child.try_wait().unwrap().is_none();
        let _ = child.kill();
        let _ = child.wait();
        alive
    }
}

#[test]
fn a_run_killed_at_any_moment_leaves_every_file_old_or_new() {
    let _serial = serial();
    let started = Instant::now();
    let tmp = fast_tempdir();
    let generations = generations(tmp.path(), 24);
    let (before, after) = (&generations.before, &generations.after);
    let work = tmp.path().join("work");
    let args = generate_args(&generations.new_model, &work);
    // Files are renamed into place in path order; the first and last changed ones show when
    // renaming starts and ends.
    let changed: Vec<&String> = after
        .keys()
        .filter(|path| before.get(*path) != after.get(*path))
        .collect();
    assert!(changed.len() > 50, "{} files change", changed.len());
    eprintln!("{} files, {} of them change", after.len(), changed.len());
    let (first, last) = (changed[0], changed[changed.len() - 1]);
    let (first_path, last_path) = (work.join(first), work.join(last));
    let watch = Watch {
        out: &work,
        first: (&first_path, &after[first]),
        last: (&last_path, &after[last]),
    };

    restore(&work, before);
    let (timeline, output) = watch.timeline(codegen(&args).spawn().unwrap());
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(&contents(&work), after, "an uninterrupted run");
    let locked = timeline.locked.unwrap_or(timeline.exited / 2);
    // Polling can miss the start of the renames on a busy machine; they end before the exit.
    let last_new = timeline.last_new.unwrap_or(timeline.exited);
    let first_new = timeline.first_new.unwrap_or(last_new).min(last_new);

    // Kills spread over the whole run, over writing the temporary files and flushing them,
    // and over the renames (the only time the folder holds old and new files together).
    let mut schedule = Vec::new();
    let spread = |from: Duration, to: Duration, n: u32| {
        let span = to.saturating_sub(from);
        (0..n).map(move |i| span * (2 * i + 1) / (2 * n))
    };
    schedule.extend(spread(Duration::ZERO, timeline.exited, 6).map(|d| (Anchor::Start, d)));
    schedule.extend(spread(locked, first_new, 5).map(|d| (Anchor::Locked, d)));
    schedule.push((Anchor::FirstNew, Duration::ZERO));
    schedule.extend(spread(first_new, last_new, 4).map(|d| (Anchor::FirstNew, d)));

    let (mut killed, mut mixed, mut with_temporary) = (0, 0, 0);
    let mut iteration = 0;
    let mut extra = 0u32;
    loop {
        // On a machine much faster or slower than the first run showed, the schedule may miss
        // the short windows; a few more kills aimed at them make sure both were hit.
        let (anchor, delay) = if let Some(planned) = schedule.get(iteration) {
            *planned
        } else if extra < 10 && mixed == 0 {
            extra += 1;
            (Anchor::FirstNew, Duration::ZERO)
        } else if extra < 10 && with_temporary == 0 {
            extra += 1;
            (
                Anchor::Locked,
                first_new.saturating_sub(locked) * (extra % 4 + 1) / 5,
            )
        } else {
            break;
        };
        iteration += 1;
        let context = format!("kill {iteration} ({delay:?} after {anchor:?})");
        restore(&work, before);
        let child = codegen(&args).spawn().unwrap();
        killed += usize::from(watch.kill_after(child, anchor, delay));
        let (old, new, temporary) = old_or_new(&contents(&work), before, after, &context);
        mixed += usize::from(old > 0 && new > 0);
        with_temporary += usize::from(temporary > 0);

        // The next run cleans up after the killed one and finishes the job.
        let next = run(&args);
        assert!(next.status.success(), "{context}: {}", text(&next.stderr));
        assert_eq!(&contents(&work), after, "{context}: the run after the kill");
        assert_eq!(
            fs::read_to_string(work.join(HAND_WRITTEN_PATH)).unwrap(),
            HAND_WRITTEN
        );
    }
    eprintln!(
        "{iteration} kills ({killed} of running processes): {mixed} left old and new files \
         together, {with_temporary} left temporary files; {timeline:?}; {:.1?} in all",
        started.elapsed()
    );
    assert!(
        killed >= schedule.len() / 2,
        "most kills hit a running process"
    );
    assert!(mixed > 0, "at least one kill landed among the renames");
    assert!(with_temporary > 0, "at least one kill left temporary files");
}

// (c) Never overwrites or removes a file it did not write.

#[test]
fn files_it_did_not_write_are_never_replaced_or_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let generations = generations(tmp.path(), 4);
    let (before, after) = (&generations.before, &generations.after);
    let work = tmp.path().join("work");
    let args = generate_args(&generations.new_model, &work);
    restore(&work, before);

    // Hand-written files: beside the generated ones, in a folder whose generated files all
    // go away, with the header on the wrong line, and named almost like a temporary file.
    let gone = before
        .keys()
        .find(|path| !after.contains_key(*path) && path.starts_with("src/operation/synth_op"))
        .expect("the new model drops an operation");
    let gone_dir = &gone[..gone.rfind('/').unwrap()];
    let stray = [
        (HAND_WRITTEN_PATH.to_string(), HAND_WRITTEN.to_string()),
        (format!("{gone_dir}/mine.rs"), "// mine\n".to_string()),
        (
            "src/late_header.rs".to_string(),
            "// mine\n// Code generated by `cargo xtask codegen`\n".to_string(),
        ),
        (
            "src/.lib.rs.tmp".to_string(),
            "// an editor's\n".to_string(),
        ),
        (
            "src/.lib.rs.codegen-tmp-x".to_string(),
            "// mine\n".to_string(),
        ),
    ];
    for (path, content) in &stray {
        fs::write(work.join(path), content).unwrap();
    }

    // A hand-written file at a path the new generation adds, then at one it changes.
    let added = after
        .keys()
        .find(|path| !before.contains_key(*path))
        .expect("the new model adds files");
    let changed = after
        .keys()
        .find(|path| before.contains_key(*path) && before[*path] != after[*path])
        .expect("the new model changes files");
    for collision in [added, changed] {
        fs::write(work.join(collision), HAND_WRITTEN).unwrap();
        let state = tree(&work, false);
        let refused = run(&args);
        let stderr = text(&refused.stderr);
        assert_eq!(refused.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "{collision}: refusing to overwrite a file the generator did not write"
            )),
            "{stderr}"
        );
        assert_eq!(tree(&work, false), state, "{collision}: nothing changed");
        fs::remove_file(work.join(collision)).unwrap();
        if let Some(old) = before.get(collision) {
            fs::write(work.join(collision), old).unwrap();
        }
    }

    // A symbolic link at a generated path is not followed or replaced.
    #[cfg(unix)]
    {
        let target = tmp.path().join("elsewhere.rs");
        fs::write(&target, &before[changed]).unwrap();
        fs::remove_file(work.join(changed)).unwrap();
        std::os::unix::fs::symlink(&target, work.join(changed)).unwrap();
        let state = tree(&work, false);
        let refused = run(&args);
        let stderr = text(&refused.stderr);
        assert_eq!(refused.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("symbolic link"), "{stderr}");
        assert_eq!(tree(&work, false), state);
        assert_eq!(fs::read(&target).unwrap(), before[changed]);
        fs::remove_file(work.join(changed)).unwrap();
        fs::write(work.join(changed), &before[changed]).unwrap();
    }

    // Without collisions the run goes ahead: stale generated files go, hand-written ones stay.
    let hand_times: Vec<_> = stray
        .iter()
        .map(|(path, _)| fs::metadata(work.join(path)).unwrap().modified().unwrap())
        .collect();
    let done = run(&args);
    assert!(done.status.success(), "{}", text(&done.stderr));
    let stdout = text(&done.stdout);
    assert!(
        stdout.contains(&format!("removed {}/{gone}", s(&work))),
        "{stdout}"
    );
    let mut expected = after.clone();
    for (path, content) in &stray {
        expected.insert(path.clone(), content.clone().into_bytes());
    }
    assert_eq!(contents(&work), expected);
    for ((path, _), time) in stray.iter().zip(hand_times) {
        assert_eq!(
            fs::metadata(work.join(path)).unwrap().modified().unwrap(),
            time,
            "{path} was not touched"
        );
        assert!(!stdout.contains(path.as_str()), "{path}: {stdout}");
    }
}

// (d) Runs at the same time.

#[test]
fn concurrent_runs_do_not_corrupt_the_output() {
    let _serial = serial();
    let started = Instant::now();
    let tmp = fast_tempdir();
    let generations = generations(tmp.path(), 8);
    let (before, after) = (&generations.before, &generations.after);
    let work = tmp.path().join("work");
    let new_args = generate_args(&generations.new_model, &work);
    let old_args = generate_args(&generations.old_model, &work);
    const ROUNDS: usize = 6;
    let mut waited = 0;
    for round in 0..ROUNDS {
        restore(&work, before);
        // Even rounds: three runs of the same model. Odd rounds: two models racing, so the
        // folder must end as exactly one of the two generations, not a mix.
        let runs: Vec<&[&str]> = if round % 2 == 0 {
            vec![&new_args, &new_args, &new_args]
        } else {
            vec![&new_args, &old_args, &new_args, &old_args]
        };
        let children: Vec<Child> = runs
            .iter()
            .map(|args| codegen(args).spawn().unwrap())
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            let stderr = text(&output.stderr);
            assert!(output.status.success(), "round {round}: {stderr}");
            waited += usize::from(stderr.contains("waiting for another run"));
        }
        let now = contents(&work);
        if round % 2 == 0 {
            assert_eq!(&now, after, "round {round}: three runs of one model");
        } else {
            assert!(
                &now == after || &now == before,
                "round {round}: two models racing left a mix: {:?}",
                old_or_new(&now, before, after, "racing")
            );
        }
    }
    eprintln!(
        "{ROUNDS} rounds, {waited} runs waited for another; {:.1?}",
        started.elapsed()
    );
}
