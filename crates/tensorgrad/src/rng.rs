//! The global random generator behind `rand`, `randn` and `randint`, and `manual_seed`.
//!
//! xoshiro256** seeded through SplitMix64: small, fast and identical on every platform, so a
//! `manual_seed` makes runs reproducible everywhere. The values differ from PyTorch's (its
//! CPU generator is a Mersenne Twister); reproducing them bit for bit is not a goal.
//! The generator sits behind a `Mutex`: random creation is not the hot path of any op.

use std::sync::Mutex;

/// PyTorch's default seed, used until `manual_seed` is called.
const DEFAULT_SEED: u64 = 67280421310721;

pub(crate) struct Generator {
    state: [u64; 4],
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Generator {
    const fn unseeded() -> Generator {
        Generator { state: [0; 4] }
    }

    fn seed(&mut self, seed: u64) {
        let mut s = seed;
        self.state = [splitmix64(&mut s), splitmix64(&mut s), splitmix64(&mut s), splitmix64(&mut s)];
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub(crate) fn uniform_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [0, 1) with 24 random bits, so it never rounds up to 1.0 as f32.
    pub(crate) fn uniform_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 * (1.0 / (1u32 << 24) as f32)
    }

    /// A standard normal sample (Box–Muller).
    pub(crate) fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform_f64(); // in (0, 1], so ln is finite
        let u2 = self.uniform_f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Uniform integer in `[low, high)`; the caller checked `low < high`.
    pub(crate) fn integer(&mut self, low: i64, high: i64) -> i64 {
        let span = high.wrapping_sub(low) as u64;
        // Multiply-shift maps 64 random bits onto the span with negligible bias.
        let offset = ((self.next_u64() as u128 * span as u128) >> 64) as u64;
        low.wrapping_add(offset as i64)
    }
}

struct Global {
    generator: Generator,
    seeded: bool,
}

static GLOBAL: Mutex<Global> = Mutex::new(Global { generator: Generator::unseeded(), seeded: false });

/// Runs `f` with the global generator.
pub(crate) fn with_generator<R>(f: impl FnOnce(&mut Generator) -> R) -> R {
    let mut global = GLOBAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if !global.seeded {
        global.generator.seed(DEFAULT_SEED);
        global.seeded = true;
    }
    f(&mut global.generator)
}

/// Seeds the global generator: after `manual_seed(s)`, the same sequence of `rand`, `randn`
/// and `randint` calls gives the same values (`torch.manual_seed`).
pub fn manual_seed(seed: u64) {
    let mut global = GLOBAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    global.generator.seed(seed);
    global.seeded = true;
}
