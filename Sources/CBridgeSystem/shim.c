#define _GNU_SOURCE
#include "CBridgeSystem.h"
#include <errno.h>
#include <sched.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

int cb_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int cb_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
  struct epoll_event ev;
  ev.events = events;
  ev.data.u64 = data;
  return epoll_ctl(epfd, op, fd, &ev);
}

int cb_epoll_wait(int epfd, uint64_t *datas, uint32_t *events, int max, int timeout_ms) {
  struct epoll_event evs[256];
  if (max > 256) max = 256;
  int n = epoll_wait(epfd, evs, max, timeout_ms);
  for (int i = 0; i < n; i++) {
    datas[i] = evs[i].data.u64;
    events[i] = evs[i].events;
  }
  return n;
}

int cb_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

int cb_eventfd_signal(int fd) {
  uint64_t one = 1;
  return (int)write(fd, &one, sizeof one);
}

void cb_eventfd_drain(int fd) {
  uint64_t value;
  while (read(fd, &value, sizeof value) > 0) {
  }
}

int cb_cpu_count(void) {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  int n = CPU_COUNT(&set);
  return n > 0 ? n : 1;
}

static __thread void *current_loop = 0;
void *cb_current_loop(void) { return current_loop; }
void cb_set_current_loop(void *loop) { current_loop = loop; }

void cb_ignore_sigpipe(void) { signal(SIGPIPE, SIG_IGN); }

long cb_peer_uid(int fd) {
  struct ucred cred;
  socklen_t len = sizeof cred;
  if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) return -1;
  return (long)cred.uid;
}

int cb_accept(int fd, char *peer, int peer_len) {
  struct sockaddr_storage storage;
  socklen_t length = sizeof storage;
  int client = accept4(fd, (struct sockaddr *)&storage, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (peer_len > 0) peer[0] = 0;
  if (client >= 0 && peer_len > 0) {
    if (storage.ss_family == AF_INET) {
      inet_ntop(AF_INET, &((struct sockaddr_in *)&storage)->sin_addr, peer, peer_len);
    } else if (storage.ss_family == AF_INET6) {
      inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&storage)->sin6_addr, peer, peer_len);
    }
  }
  return client;
}

static void termination_set(sigset_t *set) {
  sigemptyset(set);
  sigaddset(set, SIGTERM);
  sigaddset(set, SIGINT);
}

void cb_block_termination_signals(void) {
  sigset_t set;
  termination_set(&set);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
}

int cb_wait_termination_signal(void) {
  sigset_t set;
  termination_set(&set);
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  return sig;
}
