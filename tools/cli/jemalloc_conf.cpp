// jemalloc's settings for the reach executable, read by jemalloc when the process starts (the
// library's weak `malloc_conf`, overridden by this definition; MALLOC_CONF in the environment
// still overrides both). Compiled only when the executable links jemalloc (REACH_JEMALLOC).
//
// Why: on these VMs a page fault costs about 5 us, and the regional run faulted in 1 GB page
// by page (260,000 faults, 13 % of its CPU): GEOS, GDAL's /vsimem/ buffers and the 20 MB
// rasters are allocated, freed and allocated again, and jemalloc gave freed pages back to the
// kernel after a few seconds at most.
// - thp:always: jemalloc asks for transparent huge pages (madvise) on its memory, so a fault
//   maps 2 MB, not 4 KB (this kernel's THP mode is "madvise": only asked-for memory gets them);
// - dirty_decay_ms / muzzy_decay_ms 30 s: freed pages are kept for reuse for 30 s instead of
//   10 s / 0 s, longer than a run; `reach serve` still returns idle memory after 30 s.
// Measured in tools/bench/README.md ("7 Dec"): regional run 5.9 -> 4.1 s wall, 10.3 -> 7.0 s
// CPU, peak RSS 0.53 -> 0.57 GB. Allocation addresses do not reach any output: same bytes.

// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc's interface
extern "C" const char* malloc_conf;
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): jemalloc's interface
const char* malloc_conf = "thp:always,dirty_decay_ms:30000,muzzy_decay_ms:30000";
