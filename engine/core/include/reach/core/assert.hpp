#pragma once
// REACH_ASSERT(cond): checks an invariant (a bug if it fails, never bad input). Active in
// Debug builds and, with REACH_ENABLE_ASSERTS (the default), in Release. Prints the failed
// condition with file and line and aborts.

namespace reach::detail {
[[noreturn]] void assertion_failed(const char* condition, const char* file, int line);
}  // namespace reach::detail

#if defined(REACH_ENABLE_ASSERTS) || !defined(NDEBUG)
#define REACH_ASSERT(cond) \
    ((cond) ? static_cast<void>(0) : ::reach::detail::assertion_failed(#cond, __FILE__, __LINE__))
#else
#define REACH_ASSERT(cond) static_cast<void>(0)
#endif
