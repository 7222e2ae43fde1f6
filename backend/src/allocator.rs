//! The allocator the server runs on, and the settings it starts with.
//!
//! A GraphQL answer is built from many short-lived values (each field's value, each row's
//! columns, the JSON text). Under load glibc's allocator spent a fifth of the server's time on
//! them, mostly merging freed chunks; mimalloc keeps per-thread free lists of each size
//! instead. The binary and the benchmark that hosts the server both install it, so the
//! benchmark measures what runs.
pub use mimalloc::MiMalloc as Allocator;

/// What the allocator is told at start, each unless the environment already says otherwise:
/// - no transparent huge pages: with them every touched region counts 2 MiB resident, and an
///   idle server held 57 MB instead of 21;
/// - blocks over 4 MiB come from the system and go back to it when freed, outside the arenas
///   whose freed pages are given back only after a delay: a sign-in's password hash (19 MiB)
///   then does not stay resident on an idle server. Small pages keep the default delay, so
///   a page emptied under load is filled again rather than handed back and faulted in anew;
///   handing every emptied page back at once (`MIMALLOC_PURGE_DELAY=0`) cost about a tenth
///   of the throughput of a page of employees.
pub const SETTINGS: [(&str, &str); 2] = [
    ("MIMALLOC_ALLOW_THP", "0"),
    ("MIMALLOC_ARENA_MAX_OBJECT_SIZE", "4MiB"),
];

/// mimalloc reads its settings once, when the process starts, so a process that lacks them
/// starts itself again with them (same process id, arguments and streams). Returns only when
/// they are in place, or when the start failed (the process then carries on as it is).
#[cfg(unix)]
pub fn start_with_settings() {
    use std::os::unix::process::CommandExt;
    let missing: Vec<_> = SETTINGS
        .iter()
        .filter(|(name, _)| std::env::var_os(name).is_none())
        .collect();
    if missing.is_empty() {
        return;
    }
    if let Ok(exe) = std::env::current_exe() {
        let err = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .envs(missing.iter().map(|(k, v)| (k, v)))
            .exec();
        eprintln!("could not start with the allocator's settings: {err}");
    }
}

#[cfg(not(unix))]
pub fn start_with_settings() {}
