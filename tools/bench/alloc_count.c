/* Counts heap allocations of a process it is preloaded into
 * (LD_PRELOAD=build/liballoc-count.so) and writes the count to the file
 * ALLOC_COUNT_FILE names when the process exits. operator new and the C
 * library's own callers all come through malloc, calloc and realloc. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_ulong allocations;

extern void* __libc_malloc(size_t);
extern void* __libc_calloc(size_t, size_t);
extern void* __libc_realloc(void*, size_t);

void* malloc(size_t n) {
  atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
  return __libc_malloc(n);
}
void* calloc(size_t n, size_t size) {
  atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
  return __libc_calloc(n, size);
}
void* realloc(void* p, size_t n) {
  atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
  return __libc_realloc(p, n);
}

__attribute__((destructor)) static void report(void) {
  const char* path = getenv("ALLOC_COUNT_FILE");
  FILE* f = path ? fopen(path, "w") : NULL;
  if (!f) return;
  fprintf(f, "%lu\n", (unsigned long)atomic_load(&allocations));
  fclose(f);
}
