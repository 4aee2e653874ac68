// The few system declarations Swift's Glibc module does not expose (epoll, eventfd),
// wrapped as plain functions and constants so Swift never sees packed structs or macros.
#ifndef CBRIDGESYSTEM_H
#define CBRIDGESYSTEM_H

#include <stdint.h>
#include <sys/types.h>

static const uint32_t CB_EPOLLIN = 0x001;
static const uint32_t CB_EPOLLOUT = 0x004;
static const uint32_t CB_EPOLLERR = 0x008;
static const uint32_t CB_EPOLLHUP = 0x010;
static const uint32_t CB_EPOLLRDHUP = 0x2000;

/// epoll_create1(EPOLL_CLOEXEC).
int cb_epoll_create(void);
/// op: 1 add, 2 delete, 3 modify (EPOLL_CTL_*). `data` comes back from cb_epoll_wait.
int cb_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data);
/// Waits for up to `max` events (max <= 256); fills `datas` and `events`; returns the count or -1.
int cb_epoll_wait(int epfd, uint64_t *datas, uint32_t *events, int max, int timeout_ms);

/// eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC).
int cb_eventfd(void);
/// Adds one to an eventfd (wakes a loop).
int cb_eventfd_signal(int fd);
/// Resets an eventfd to zero.
void cb_eventfd_drain(int fd);

/// accept4(fd, ..., SOCK_NONBLOCK | SOCK_CLOEXEC). Writes the peer's numeric IP address
/// (empty for a Unix socket) into `peer` (at least 64 bytes).
int cb_accept(int fd, char *peer, int peer_len);

/// The number of CPUs this process may run on (honours taskset).
int cb_cpu_count(void);

/// The event loop owning the calling thread, or NULL (a C thread-local).
void *cb_current_loop(void);
void cb_set_current_loop(void *loop);

/// Blocks SIGPIPE process-wide: a write to a closed socket must return EPIPE, not kill us.
void cb_ignore_sigpipe(void);

/// Blocks SIGTERM and SIGINT in the calling thread (and so in every thread it starts later).
/// Call first thing in main, then wait for them with cb_wait_termination_signal.
void cb_block_termination_signals(void);
/// Waits (sigwait) for SIGTERM or SIGINT; returns which. Works whatever mask the process
/// inherited, unlike a signal handler.
int cb_wait_termination_signal(void);

/// SO_PEERCRED of a Unix socket: the peer's uid, or -1.
long cb_peer_uid(int fd);

#endif
