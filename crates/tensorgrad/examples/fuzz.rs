//! The random-program fuzzer (issue 7, "Hardening"): random op programs through the `try_`
//! API, looking for panics, aborts and hangs. A program is a seed; see
//! `tests/fuzz_support/mod.rs` for what programs do.
//!
//! ```text
//! cargo run --release --example fuzz -- --seconds 600            # the long run
//! cargo run --release --example fuzz -- --seconds 600 --isolate  # survives aborts/hangs
//! cargo run --release --example fuzz -- --replay 1234 --print    # one program, steps on stderr
//! cargo run --release --example fuzz -- --programs 5000 --seed 7 --skip alloc,alias_copy,overflow
//! ```
//!
//! Flags: `--seconds S`, `--programs N` (default 1000 when neither is given), `--seed S`
//! (first seed; program i runs seed S+i), `--replay S` (run only seed S), `--print` (print
//! each step, as Rust-like code, to stderr before running it), `--skip a,b` (classes or
//! families off: `alloc`, `overflow`, `alias_copy`, `inplace`, `hooks`, `functional`,
//! `print`, `views`, `autograd`), `--timeout S` (a program running longer is a hang; default
//! 10), `--steps N` (max steps per program, default 40), `--mem-limit-gb G` (address-space
//! cap so huge requests fail fast, default 1; 0 = none), `--isolate` (run programs in child
//! processes and continue past aborts, segfaults and hangs, reporting each with its seed).
//!
//! It prints a summary (programs, errors returned, distinct panic sites with one reproducing
//! seed each) and exits non-zero on any panic, abort or hang. Without `--isolate` an abort
//! kills the run: the seed it was running is printed by `--print`, or found with `--isolate`.
//!
//! Valgrind (not in CI; slow, so few programs; no address-space cap under valgrind):
//!
//! ```text
//! cargo build --release --example fuzz
//! valgrind --tool=memcheck --error-exitcode=1 target/release/examples/fuzz \
//!     --programs 200 --seed 1 --skip alloc --mem-limit-gb 0 --timeout 300
//! ```
//!
//! Until issue 7's fixes land, add `alias_copy,overflow` to `--skip` (the copy_ deadlock and the
//! overflow panics stop the run before memcheck has much to say); that run takes ~8 s.

#[path = "../tests/fuzz_support/mod.rs"]
mod fuzz_support;

use fuzz_support::{Config, Summary};
use std::collections::BTreeMap;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

struct Args {
    cfg: Config,
    replay: Option<u64>,
    isolate: bool,
    worker: bool,
    mem_limit_gb: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut cfg = Config { programs: None, ..Config::default() };
    let (mut replay, mut isolate, mut worker, mut mem_limit_gb) = (None, false, false, 1);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        let num = |v: String| v.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--seconds" => cfg.seconds = Some(value()?.parse::<f64>().map_err(|e| format!("{flag}: {e}"))?),
            "--programs" => cfg.programs = Some(num(value()?)?),
            "--seed" => cfg.seed = num(value()?)?,
            "--replay" => replay = Some(num(value()?)?),
            "--print" => cfg.print = true,
            "--skip" => cfg.skip.extend(value()?.split(',').filter(|s| !s.is_empty()).map(String::from)),
            "--timeout" => cfg.timeout = Duration::from_secs_f64(value()?.parse::<f64>().map_err(|e| e.to_string())?),
            "--steps" => cfg.max_steps = num(value()?)? as usize,
            "--mem-limit-gb" => mem_limit_gb = num(value()?)?,
            "--isolate" => isolate = true,
            "--worker" => worker = true,
            "--help" | "-h" => return Err(String::new()),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    if cfg.programs.is_none() && cfg.seconds.is_none() {
        cfg.programs = Some(1000);
    }
    Ok(Args { cfg, replay, isolate, worker, mem_limit_gb })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}\nusage: fuzz [--seconds S] [--programs N] [--seed S] [--replay S] [--print] [--skip a,b] [--timeout S] [--steps N] [--mem-limit-gb G] [--isolate]");
            return ExitCode::from(2);
        }
    };
    fuzz_support::limit_address_space(args.mem_limit_gb << 30);
    let mut cfg = args.cfg.clone();
    if let Some(seed) = args.replay {
        cfg.seed = seed;
        cfg.programs = Some(1);
        cfg.seconds = None;
    }
    if args.isolate && !args.worker && args.replay.is_none() {
        return supervise(&args);
    }
    cfg.report_live = args.worker;
    let summary = fuzz_support::run(&cfg);
    if args.worker {
        println!("FUZZ-DONE\t{}\t{}\t{}\t{}", summary.programs, summary.errors, summary.oks, summary.clean_panics);
    } else {
        print!("{}", summary.report(&cfg));
    }
    if summary.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A crash of a child process: what ended it and the seed it was running.
struct Crash {
    what: String,
    seed: u64,
    detail: String,
}

/// `--isolate`: runs the programs in child processes (`--worker`), restarting after a child
/// dies (abort, signal, hang) at the seed after the one it died in.
fn supervise(args: &Args) -> ExitCode {
    let start = Instant::now();
    let cfg = &args.cfg;
    let exe = std::env::current_exe().expect("the fuzzer's own path");
    let mut next = cfg.seed;
    let end = cfg.programs.map(|n| cfg.seed + n);
    let mut summary = Summary::default();
    let mut crashes: BTreeMap<String, (Crash, u64)> = BTreeMap::new();
    loop {
        let left = cfg.seconds.map(|s| s - start.elapsed().as_secs_f64());
        if left.is_some_and(|l| l <= 0.0) || end.is_some_and(|e| next >= e) {
            break;
        }
        let mut cmd = Command::new(&exe);
        cmd.args(["--worker", "--seed", &next.to_string(), "--mem-limit-gb", &args.mem_limit_gb.to_string()]);
        cmd.args(["--timeout", &cfg.timeout.as_secs_f64().to_string(), "--steps", &cfg.max_steps.to_string()]);
        if let Some(e) = end {
            cmd.args(["--programs", &(e - next).to_string()]);
        }
        if let Some(l) = left {
            cmd.args(["--seconds", &l.to_string()]);
        }
        if !cfg.skip.is_empty() {
            cmd.args(["--skip", &cfg.skip.iter().cloned().collect::<Vec<_>>().join(",")]);
        }
        let out = cmd.env("RUST_BACKTRACE", "1").stdin(Stdio::null()).output().expect("spawn a fuzz worker");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let mut last_seed = next;
        let mut done = false;
        let mut hang = None;
        for line in stdout.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["FUZZ-PANIC", site, seed, message] => {
                    let seed = seed.parse().unwrap_or(0);
                    let f = summary.findings.entry(site.to_string()).or_insert_with(|| fuzz_support::Finding {
                        site: site.to_string(),
                        message: message.to_string(),
                        seed,
                        count: 0,
                    });
                    f.count += 1;
                }
                ["FUZZ-SEED", seed] => last_seed = seed.parse().unwrap_or(last_seed),
                ["FUZZ-HANG", seed, _, kind, op] => {
                    last_seed = seed.parse().unwrap_or(last_seed);
                    hang = Some(format!("{kind} step, op {op}"));
                }
                ["FUZZ-DONE", programs, errors, oks, clean] => {
                    summary.programs += programs.parse::<u64>().unwrap_or(0);
                    summary.errors += errors.parse::<u64>().unwrap_or(0);
                    summary.oks += oks.parse::<u64>().unwrap_or(0);
                    summary.clean_panics += clean.parse::<u64>().unwrap_or(0);
                    done = true;
                }
                _ => {}
            }
        }
        if done {
            break;
        }
        // The child died: find the seed from its progress lines on stderr.
        for line in stderr.lines() {
            if let Some(seed) = line.strip_prefix("FUZZ-SEED ") {
                last_seed = seed.trim().parse().unwrap_or(last_seed);
            }
        }
        use std::os::unix::process::ExitStatusExt;
        let what = match (out.status.code(), out.status.signal()) {
            (Some(fuzz_support::HANG_EXIT_CODE), _) => "hang".to_string(),
            (_, Some(6)) => "abort (SIGABRT)".to_string(),
            (_, Some(11)) => "segfault (SIGSEGV)".to_string(),
            (_, Some(sig)) => format!("signal {sig}"),
            (code, None) => format!("exit code {code:?}"),
        };
        // What the child said after it started its last program (the abort's message).
        let tail = stderr.rsplit("FUZZ-SEED ").next().unwrap_or("");
        let mut detail = tail.lines().skip(1).find(|l| !l.trim().is_empty()).unwrap_or("").to_string();
        let frame =
            tail.lines().map(str::trim).filter_map(|l| l.strip_prefix("at ")).find(|l| l.contains("tensorgrad/src/"));
        let site = frame.map(|f| f.rsplit_once("crates/").map_or(f, |(_, rest)| rest).to_string());
        if let Some(site) = &site {
            detail = format!("{detail} [at {site}]");
        }
        let site = hang.clone().or(site);
        if let Some(h) = &hang {
            detail = format!("program ran over {:.1}s in a {h}", cfg.timeout.as_secs_f64());
        }
        summary.programs += last_seed + 1 - next;
        let key = format!("{what}: {}", site.unwrap_or_else(|| detail.clone()));
        crashes.entry(key).or_insert((Crash { what, seed: last_seed, detail }, 0)).1 += 1;
        next = last_seed + 1;
    }
    summary.elapsed = start.elapsed();
    print!("{}", summary.report(cfg));
    println!("  (ok/error counts are those of workers that finished; {} distinct crashes)", crashes.len());
    let flags = cfg.replay_flags();
    for (crash, count) in crashes.values() {
        println!(
            "  {} ({count}x) at seed {}: {}\n    replay: cargo run --release --example fuzz -- --replay {}{flags} --print",
            crash.what, crash.seed, crash.detail, crash.seed
        );
    }
    if summary.findings.is_empty() && crashes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
