//! A fixed-seed short run of the random-program fuzzer (`fuzz_support`): a few thousand
//! programs through the `try_` API must not panic, abort or hang. The long run is
//! `cargo run --release --example fuzz -- --seconds 600`; each site found is printed with the
//! command that replays it.

mod fuzz_support;

use fuzz_support::Config;

#[test]
fn fixed_seed_programs_do_not_panic() {
    fuzz_support::limit_address_space(1 << 30);
    let cfg = Config { seed: 0x5eed, programs: Some(20_000), ..Config::default() };
    let summary = fuzz_support::run(&cfg);
    println!("{}", summary.report(&cfg));
    assert!(summary.findings.is_empty(), "the fuzzer found panics:\n{}", summary.report(&cfg));
}
