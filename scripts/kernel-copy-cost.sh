#!/usr/bin/env bash
# Measures what the handler's kernel copy (process_vm_readv on self, one iovec per page) costs
# against a plain memcpy of the same stack bytes: the price of a sample whose SP lies outside the
# thread's known stack bounds (first sample of a thread, sigaltstack, coroutine stacks).
# Usage: scripts/kernel-copy-cost.sh   (needs clang or cc; prints medians and p99 in ns)
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/copy.c" <<'C'
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <time.h>
#include <stdlib.h>
static uint64_t now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000ull+t.tv_nsec;}
static unsigned char dst[65536];
static pid_t pid;
static uint64_t kcopy(uint64_t sp, uint64_t length){
  struct iovec local={dst,length}; struct iovec remote[66]; int n=0; uint64_t a=sp,e=sp+length;
  while(a<e&&n<66){uint64_t pe=(a|4095)+1; if(pe>e)pe=e; remote[n].iov_base=(void*)a; remote[n].iov_len=pe-a; n++; a=pe;}
  return syscall(SYS_process_vm_readv,pid,&local,1UL,remote,(unsigned long)n,0UL);
}
int cmp(const void*a,const void*b){uint64_t x=*(uint64_t*)a,y=*(uint64_t*)b;return x<y?-1:x>y;}
int main(){
  pid=getpid();
  volatile unsigned char stack[70000]; memset((void*)stack,1,sizeof stack);
  uint64_t sp=(uint64_t)stack+100;
  enum{N=20000}; static uint64_t m[N],k[N],k4[N];
  for(int i=0;i<N;i++){
    uint64_t t=now(); memcpy(dst,(void*)sp,32768); m[i]=now()-t;
    t=now(); kcopy(sp,32768); k[i]=now()-t;
    t=now(); kcopy(sp,4096); k4[i]=now()-t;
  }
  qsort(m,N,8,cmp);qsort(k,N,8,cmp);qsort(k4,N,8,cmp);
  printf("memcpy 32K median %lu p99 %lu | process_vm_readv 32K median %lu p99 %lu | pvr 4K median %lu p99 %lu ns\n",m[N/2],m[N*99/100],k[N/2],k[N*99/100],k4[N/2],k4[N*99/100]);
}
C
"${CC:-cc}" -O2 -o "$work/copy" "$work/copy.c"
"$work/copy"
