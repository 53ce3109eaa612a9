//! The random-program fuzzer shared by `examples/fuzz.rs` (long runs, replay) and
//! `tests/fuzz.rs` (a fixed-seed short run): a program is a seed; from it, a sequence of steps
//! over a small pool of tensors (leaves, views, ops of every family through their `try_`
//! forms, in-place ops, hooks, backward, extreme sizes). Each program runs under
//! `catch_unwind` with a silent panic hook that records where it panicked; findings are
//! deduplicated by panic location. A watchdog thread ends the process when one program runs
//! too long (a hang), after printing the seed and the step.
//!
//! Classes and families that can be switched off (`--skip a,b`): `alloc` (sizes that need
//! gigabytes to terabytes), `overflow` (size products that overflow, extreme integers),
//! `alias_copy` (in-place ops whose source shares the destination's storage), `inplace`,
//! `hooks`, `functional`, `print`, `views`, `autograd`.
#![allow(dead_code)]

pub mod autograd;
pub mod extreme;
pub mod ops;
pub mod state;
pub mod views;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// What a run does.
#[derive(Clone, Debug)]
pub struct Config {
    /// The first program's seed; program `i` has seed `seed + i`.
    pub seed: u64,
    /// Stop after this many programs (`None`: run until `seconds`).
    pub programs: Option<u64>,
    /// Stop after this long.
    pub seconds: Option<f64>,
    /// Print each step before running it (to stderr).
    pub print: bool,
    pub skip: HashSet<String>,
    /// A program running longer than this is a hang.
    pub timeout: Duration,
    /// At most this many steps per program.
    pub max_steps: usize,
    /// Print each new panic site as a machine-readable line on stdout as soon as it is found,
    /// and each program's seed on stderr before it runs (for a supervising process).
    pub report_live: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            seed: 0,
            programs: Some(1000),
            seconds: None,
            print: false,
            skip: HashSet::new(),
            timeout: Duration::from_secs(10),
            max_steps: 40,
            report_live: false,
        }
    }
}

impl Config {
    /// The flags a replay needs besides the seed (a program depends on `--skip` and `--steps`).
    pub fn replay_flags(&self) -> String {
        let mut flags = String::new();
        if !self.skip.is_empty() {
            let mut skip: Vec<&str> = self.skip.iter().map(String::as_str).collect();
            skip.sort_unstable();
            flags += &format!(" --skip {}", skip.join(","));
        }
        if self.max_steps != Config::default().max_steps {
            flags += &format!(" --steps {}", self.max_steps);
        }
        flags
    }
}

/// One distinct panic site.
#[derive(Clone, Debug)]
pub struct Finding {
    /// `file:line:col` of the panic.
    pub site: String,
    pub message: String,
    /// The first seed that reached it.
    pub seed: u64,
    /// How many programs panicked there.
    pub count: u64,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Summary {
    pub programs: u64,
    /// `try_` calls that returned an error (fine: most invalid arguments end so).
    pub errors: u64,
    pub oks: u64,
    /// Panics of infallible constructors with a clean error message (allowed).
    pub clean_panics: u64,
    pub findings: BTreeMap<String, Finding>,
    pub elapsed: Duration,
}

impl Summary {
    /// The human-readable report: counts, then one line per panic site with its replay command.
    pub fn report(&self, cfg: &Config) -> String {
        let flags = cfg.replay_flags();
        let secs = self.elapsed.as_secs_f64();
        let mut out = format!(
            "fuzz: {} programs in {:.1}s ({:.0}/s), {} ok calls, {} errors returned, {} clean panics of infallible constructors, {} distinct panic sites\n",
            self.programs,
            secs,
            self.programs as f64 / secs.max(1e-9),
            self.oks,
            self.errors,
            self.clean_panics,
            self.findings.len()
        );
        for f in self.findings.values() {
            out += &format!(
                "  PANIC at {} ({}x): {}\n    replay: cargo run --release --example fuzz -- --replay {}{flags} --print\n",
                f.site,
                f.count,
                f.message.lines().next().unwrap_or(""),
                f.seed
            );
        }
        out
    }
}

// ----- the panic hook: silent, records where the current thread panicked -----

thread_local! {
    static LAST_PANIC: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
    static EXPECT_CLEAN: Cell<bool> = const { Cell::new(false) };
}

/// Installs the recording hook (idempotent); the previous hook is kept for other threads'
/// panics outside programs, which are printed as usual.
pub fn install_panic_hook() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if PROGRAM_START_MS.load(Ordering::SeqCst) == 0 {
                return previous(info);
            }
            let mut site = info
                .location()
                .map_or_else(|| "<unknown>".to_string(), |l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
            if site.contains("fuzz_support") {
                // The fuzzer's own checks (invariants): one finding per op.
                site = format!("{site} [{}]", current_op());
            } else if !site.contains("tensorgrad/") {
                // A panic inside std (capacity overflow, an index out of bounds in a slice
                // method): name the innermost frame of the crate instead.
                site = crate_frame().map_or(site.clone(), |frame| format!("{frame} (via {site})"));
            }
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "<non-string panic payload>".to_string());
            LAST_PANIC.with(|p| *p.borrow_mut() = Some((site, message)));
        }));
    });
}

/// The innermost `crates/tensorgrad/src` frame of the current backtrace, as `file:line`.
fn crate_frame() -> Option<String> {
    let trace = std::backtrace::Backtrace::force_capture().to_string();
    trace.lines().map(str::trim).filter_map(|l| l.strip_prefix("at ")).find(|l| l.contains("tensorgrad/src/")).map(
        |l| {
            let l = l.rsplit_once("crates/").map_or(l, |(_, rest)| rest);
            l.to_string()
        },
    )
}

/// Runs an infallible constructor with huge sizes: a panic whose message is a clean error
/// (`RuntimeError: ...`) is then allowed; anything else (an arithmetic overflow, a capacity
/// overflow, an abort) is still a finding.
pub fn expect_clean_panic<T>(f: impl FnOnce() -> T) {
    EXPECT_CLEAN.with(|c| c.set(true));
    std::hint::black_box(f());
    EXPECT_CLEAN.with(|c| c.set(false));
}

fn is_clean_error(message: &str) -> bool {
    ["RuntimeError: ", "IndexError: ", "ValueError: ", "TypeError: ", "NotImplementedError: "]
        .iter()
        .any(|p| message.starts_with(p))
}

// ----- the watchdog -----

static CURRENT_OP: Mutex<&str> = Mutex::new("");

/// Names the op a step is about to run (for hang reports and invariant findings).
pub fn set_op(name: &'static str) {
    *CURRENT_OP.lock().unwrap_or_else(|e| e.into_inner()) = name;
}

fn current_op() -> &'static str {
    *CURRENT_OP.lock().unwrap_or_else(|e| e.into_inner())
}

static PROGRAM_START_MS: AtomicU64 = AtomicU64::new(0);
static CURRENT_SEED: AtomicU64 = AtomicU64::new(0);
static CURRENT_STEP: AtomicU64 = AtomicU64::new(0);
static CURRENT_KIND: AtomicU64 = AtomicU64::new(0);
static TIMEOUT_MS: AtomicU64 = AtomicU64::new(10_000);

/// The exit code of a process the watchdog ended.
pub const HANG_EXIT_CODE: i32 = 3;

const STEP_KINDS: [&str; 7] = ["leaf", "view", "op", "autograd", "alias_copy", "extreme", "setup"];

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(1, |d| d.as_millis() as u64).max(1)
}

/// The seed of the program running now (for a supervisor that saw the process die).
pub fn current_seed() -> u64 {
    CURRENT_SEED.load(Ordering::SeqCst)
}

fn start_watchdog(timeout: Duration) {
    TIMEOUT_MS.store(timeout.as_millis() as u64, Ordering::SeqCst);
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        std::thread::spawn(|| loop {
            std::thread::sleep(Duration::from_millis(100));
            let start = PROGRAM_START_MS.load(Ordering::SeqCst);
            let limit = TIMEOUT_MS.load(Ordering::SeqCst);
            if start != 0 && now_ms().saturating_sub(start) > limit {
                let seed = CURRENT_SEED.load(Ordering::SeqCst);
                let step = CURRENT_STEP.load(Ordering::SeqCst);
                let kind = STEP_KINDS[CURRENT_KIND.load(Ordering::SeqCst) as usize];
                let op = current_op();
                eprintln!(
                    "\nfuzz: HANG: program with seed {seed} ran over {:.1}s, in step {step} ({kind} step, op {op}).\n  replay: cargo run --release --example fuzz -- --replay {seed} --print",
                    limit as f64 / 1000.0
                );
                println!("FUZZ-HANG\t{seed}\t{step}\t{kind}\t{op}");
                std::process::exit(HANG_EXIT_CODE);
            }
        });
    });
}

// ----- programs -----

/// What one program did.
pub enum Outcome {
    Done { errors: u64, oks: u64 },
    Panicked { site: String, message: String, clean: bool },
}

/// Runs the program `seed` (steps printed to stderr when `cfg.print`).
pub fn run_program(seed: u64, cfg: &Config) -> Outcome {
    install_panic_hook();
    start_watchdog(cfg.timeout);
    CURRENT_SEED.store(seed, Ordering::SeqCst);
    CURRENT_STEP.store(0, Ordering::SeqCst);
    CURRENT_KIND.store(6, Ordering::SeqCst);
    EXPECT_CLEAN.with(|c| c.set(false));
    PROGRAM_START_MS.store(now_ms(), Ordering::SeqCst);
    if cfg.print {
        eprintln!("program seed {seed}:");
    }
    let result = panic::catch_unwind(AssertUnwindSafe(|| program(seed, cfg)));
    PROGRAM_START_MS.store(0, Ordering::SeqCst);
    match result {
        Ok((errors, oks)) => Outcome::Done { errors, oks },
        Err(_) => {
            let (site, message) = LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_default();
            let clean = EXPECT_CLEAN.with(|c| c.replace(false)) && is_clean_error(&message);
            if cfg.print {
                eprintln!("  PANICKED at {site}: {message}{}", if clean { " (clean)" } else { "" });
            }
            Outcome::Panicked { site, message, clean }
        }
    }
}

fn program(seed: u64, cfg: &Config) -> (u64, u64) {
    tensorgrad::manual_seed(seed);
    let mut ctx = state::Ctx::new(seed, cfg.print, &cfg.skip);
    for _ in 0..2 + ctx.rng.below(3) {
        views::leaf_step(&mut ctx);
    }
    let steps = 4 + ctx.rng.below(cfg.max_steps.max(5) - 4);
    for step in 0..steps {
        let roll = ctx.rng.below(100);
        let kind = match roll {
            0..=9 => 0,
            10..=19 if ctx.on("views") => 1,
            20..=39 if ctx.on("autograd") => 3,
            40..=42 if ctx.on("alias_copy") => 4,
            43..=45 => 5,
            _ => 2,
        };
        CURRENT_STEP.store(step as u64, Ordering::SeqCst);
        CURRENT_KIND.store(kind, Ordering::SeqCst);
        if cfg.print {
            eprintln!("  step {step} ({}):", STEP_KINDS[kind as usize]);
        }
        match kind {
            0 => views::leaf_step(&mut ctx),
            1 => views::view_step(&mut ctx),
            3 => autograd::autograd_step(&mut ctx),
            4 => views::alias_step(&mut ctx),
            5 => extreme::extreme_step(&mut ctx),
            _ => ops::op_step(&mut ctx),
        }
    }
    // Modes first (they are thread-local state), then hooks, then the tensors.
    ctx.grad_guard.take();
    ctx.anomaly_guard.take();
    ctx.hooks.clear();
    (ctx.errors, ctx.oks)
}

/// Runs programs `cfg.seed, cfg.seed + 1, ...` until `cfg.programs` or `cfg.seconds` is reached.
pub fn run(cfg: &Config) -> Summary {
    let start = Instant::now();
    let mut summary = Summary::default();
    let deadline = cfg.seconds.map(Duration::from_secs_f64);
    for i in 0.. {
        if cfg.programs.is_some_and(|n| i >= n) || deadline.is_some_and(|d| start.elapsed() >= d) {
            break;
        }
        let seed = cfg.seed.wrapping_add(i);
        summary.programs += 1;
        if cfg.report_live {
            eprintln!("FUZZ-SEED {seed}");
        }
        match run_program(seed, cfg) {
            Outcome::Done { errors, oks } => {
                summary.errors += errors;
                summary.oks += oks;
            }
            Outcome::Panicked { clean: true, .. } => summary.clean_panics += 1,
            Outcome::Panicked { site, message, .. } => {
                let entry = summary.findings.entry(site.clone()).or_insert_with(|| {
                    if cfg.report_live {
                        println!("FUZZ-PANIC\t{site}\t{seed}\t{}", message.replace(['\n', '\t'], " "));
                    }
                    Finding { site, message, seed, count: 0 }
                });
                entry.count += 1;
            }
        }
    }
    summary.elapsed = start.elapsed();
    summary
}

/// Caps this process's address space (Linux), so requests for gigabytes fail fast and
/// deterministically instead of paging the shared machine (0: no cap). Not under valgrind.
pub fn limit_address_space(bytes: u64) {
    #[cfg(target_os = "linux")]
    {
        #[repr(C)]
        struct RLimit {
            cur: u64,
            max: u64,
        }
        unsafe extern "C" {
            fn getrlimit(resource: i32, rlim: *mut RLimit) -> i32;
            fn setrlimit(resource: i32, rlim: *const RLimit) -> i32;
        }
        const RLIMIT_AS: i32 = 9;
        if bytes == 0 {
            return;
        }
        let mut limit = RLimit { cur: 0, max: 0 };
        // SAFETY: plain libc calls with a valid pointer to a struct of the C layout.
        unsafe {
            if getrlimit(RLIMIT_AS, &mut limit) == 0 {
                limit.cur = bytes.min(limit.max);
                setrlimit(RLIMIT_AS, &limit);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = bytes;
}
