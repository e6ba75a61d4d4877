/* tests/tracer/test_model.c: model tests: hand-written event sequences give the expected state, bad input
 * is reported by line and never crashes, and seeking lands on the state that applying from the start gives. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "trace.h"
#include "objs.h"
#include "kinds.h"
#include "waitgraph.h"

#define HDR "{\"type\":\"trace.header\",\"format\":\"ipclab-trace\",\"version\":1,\"kernel\":\"t\",\"bootargs\":\"\",\"timer_hz\":62500000,\"data_max\":64}\n"

static char dumpbuf[1 << 16], dumpbuf2[1 << 16];

/* Load a trace from a string (eof set), all built. */
static void load(struct trace *t, const char *text)
{
	assert_int_equal(trace_open_mem(t, text, strlen(text), "test"), 0);
	t->diag_out = NULL;
	trace_set_eof(t);
	trace_load_all(t);
}

/* load with a snapshot every k events: the seek tests use SEEK_TEST_K, smaller than TRACE_K, so that their
 * traces span several snapshots (the mechanism is the same for TRACE_K). */
#define SEEK_TEST_K 512
static void load_k(struct trace *t, const char *text, size_t k)
{
	assert_int_equal(trace_open_mem(t, text, strlen(text), "test"), 0);
	t->diag_out = NULL;
	t->K = k;
	trace_set_eof(t);
	trace_load_all(t);
}

static int has_diag(const struct trace *t, uint32_t line, const char *needle)
{
	for (size_t i = 0; i < t->ndiags; i++)
		if ((!line || t->diags[i].line == line) && strstr(t->diags[i].msg, needle))
			return 1;
	return 0;
}

static void test_pipe_sequence(void **st)
{
	struct trace t;
	load(&t, HDR
	     "{\"seq\":0,\"ts\":10,\"cpu\":0,\"pid\":1,\"type\":\"pipe.create\",\"pipe\":3,\"fds\":[3,4],\"flags\":0,\"head\":0,\"tail\":0,\"cap\":16,\"readers\":1,\"writers\":1}\n"
	     "{\"seq\":1,\"ts\":20,\"cpu\":0,\"pid\":1,\"type\":\"pipe.write\",\"pipe\":3,\"n\":5,\"data\":\"ab\\u0000de\",\"head\":5,\"tail\":0,\"cap\":16,\"readers\":1,\"writers\":1}\n"
	     "{\"seq\":2,\"ts\":30,\"cpu\":0,\"pid\":2,\"type\":\"pipe.read\",\"pipe\":3,\"n\":2,\"data\":\"ab\",\"head\":5,\"tail\":2,\"cap\":16,\"readers\":1,\"writers\":1}\n"
	     "{\"seq\":3,\"ts\":40,\"cpu\":0,\"pid\":2,\"type\":\"pipe.block\",\"pipe\":3,\"op\":\"read\",\"head\":5,\"tail\":5,\"cap\":16,\"readers\":1,\"writers\":1}\n");
	assert_int_equal(t.n, 4);
	assert_int_equal(t.ndiags, 0);
	struct obj *o = state_obj(&t.head, OBJ_PIPE, 3);
	assert_non_null(o);
	struct pipe_blob *b = o->blob;
	assert_int_equal(b->head, 5);
	assert_int_equal(b->tail, 5);
	assert_int_equal(b->cap, 16);
	assert_int_equal(b->fds[1], 4);
	assert_int_equal(b->nrwait, 1);
	assert_int_equal(b->rwait[0], 2);
	assert_true(pipe_known(b, 0) && b->ring[0] == 'a');
	/* data "ab\u0000de": the bytes after the NUL are kept too */
	assert_true(pipe_known(b, 2) && b->ring[2] == 0);
	assert_true(pipe_known(b, 3) && b->ring[3] == 'd');
	struct proc *p = state_proc(&t.head, 2);
	assert_non_null(p);
	assert_int_equal(p->state, PS_SLEEPING);
	assert_string_equal(p->wchan, "pipe 3 read");
	assert_int_equal(p->wait.obj, o->cat);
	assert_int_equal(p->wait.kind, WAIT_PIPE_READ);
	assert_true(t.recs[3].flags & EVF_BLOCK);
	assert_int_equal(t.recs[1].obj, o->cat);
	trace_close(&t);
}

static void test_pipe_wake_close_frees(void **st)
{
	struct trace t;
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"pipe.create\",\"pipe\":1,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":1,\"writers\":1}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":2,\"type\":\"pipe.block\",\"pipe\":1,\"op\":\"read\",\"head\":0,\"tail\":0,\"cap\":65536}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":1,\"type\":\"pipe.write\",\"pipe\":1,\"n\":3,\"data\":\"xyz\",\"head\":3,\"tail\":0,\"cap\":65536}\n"
	     "{\"seq\":3,\"ts\":4,\"cpu\":0,\"pid\":1,\"type\":\"pipe.wake\",\"pipe\":1,\"op\":\"read\",\"woken\":[2],\"head\":3,\"tail\":0,\"cap\":65536}\n");
	struct pipe_blob *b = state_obj(&t.head, OBJ_PIPE, 1)->blob;
	assert_int_equal(b->nrwait, 0);
	assert_int_equal(state_proc(&t.head, 2)->state, PS_RUNNABLE);
	assert_int_equal(b->head - b->tail, 3);
	trace_close(&t);
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"pipe.create\",\"pipe\":1,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":1,\"writers\":1}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":1,\"type\":\"pipe.close\",\"pipe\":1,\"end\":\"write\",\"freed\":false,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":1,\"writers\":0}\n");
	assert_int_equal(((struct pipe_blob *)state_obj(&t.head, OBJ_PIPE, 1)->blob)->writers, 0);
	trace_close(&t);
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"pipe.create\",\"pipe\":1,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":1,\"writers\":1}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":1,\"type\":\"pipe.close\",\"pipe\":1,\"end\":\"read\",\"freed\":true,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":0,\"writers\":0}\n");
	assert_null(state_obj(&t.head, OBJ_PIPE, 1));
	trace_close(&t);
}

static void test_sem_sequence(void **st)
{
	struct trace t;
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"sem.create\",\"semid\":7,\"key\":5,\"nsems\":2,\"mode\":384,\"sems\":[{\"val\":0,\"pid\":0,\"ncnt\":[],\"zcnt\":[]},{\"val\":1,\"pid\":0,\"ncnt\":[],\"zcnt\":[]}]}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":2,\"type\":\"sem.block\",\"semid\":7,\"sops\":[[0,-1,0]],\"sems\":[{\"val\":0,\"pid\":0,\"ncnt\":[2],\"zcnt\":[]},{\"val\":1,\"pid\":0,\"ncnt\":[],\"zcnt\":[]}]}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":1,\"type\":\"sem.op\",\"semid\":7,\"sops\":[[1,-1,4096]],\"sems\":[{\"val\":0,\"pid\":0,\"ncnt\":[2],\"zcnt\":[]},{\"val\":0,\"pid\":1,\"ncnt\":[],\"zcnt\":[]}]}\n");
	struct obj *o = state_obj(&t.head, OBJ_SEM, 7);
	assert_non_null(o);
	struct sem_blob *b = o->blob;
	assert_int_equal(b->nsems, 2);
	assert_int_equal(b->sems[0].semval, 0);
	assert_int_equal(b->sems[0].nncnt, 1);
	assert_int_equal(b->sems[0].ncnt[0], 2);
	assert_int_equal(b->sems[1].semval, 0);
	assert_int_equal(b->sems[1].sempid, 1);
	assert_int_equal(b->nundo, 1);   /* SEM_UNDO: semadj +1 for pid 1 on sem 1 */
	assert_int_equal(b->undo[0].pid, 1);
	assert_int_equal(b->undo[0].semadj, 1);
	assert_int_equal(state_proc(&t.head, 2)->state, PS_SLEEPING);
	assert_int_equal(t.ndiags, 0);
	trace_close(&t);
}

static void test_msg_and_shm(void **st)
{
	struct trace t;
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"msg.create\",\"msqid\":2,\"key\":1,\"mode\":384,\"qbytes\":100}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":1,\"type\":\"msg.send\",\"msqid\":2,\"mtype\":3,\"size\":4,\"text\":\"ping\",\"qnum\":1,\"cbytes\":4,\"qbytes\":100,\"msgs\":[[3,4,\"ping\"]]}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":1,\"type\":\"shm.create\",\"shmid\":9,\"key\":1,\"mode\":384,\"size\":8192}\n"
	     "{\"seq\":3,\"ts\":4,\"cpu\":0,\"pid\":1,\"type\":\"shm.attach\",\"shmid\":9,\"addr\":\"0x1000\",\"size\":8192,\"nattch\":1,\"attaches\":[[1,\"0x1000\"]],\"dest\":false}\n"
	     "{\"seq\":4,\"ts\":5,\"cpu\":0,\"pid\":1,\"type\":\"shm.rmid\",\"shmid\":9,\"size\":8192,\"nattch\":1,\"attaches\":[[1,\"0x1000\"]],\"dest\":true}\n");
	struct msg_blob *m = state_obj(&t.head, OBJ_MSG, 2)->blob;
	assert_int_equal(m->qnum, 1);
	assert_int_equal(m->cbytes, 4);
	assert_int_equal(m->qbytes, 100);
	assert_int_equal(m->msgs[0].mtype, 3);
	assert_string_equal(m->msgs[0].preview, "ping");
	struct shm_blob *s = state_obj(&t.head, OBJ_SHM, 9)->blob;
	assert_int_equal(s->nattch, 1);
	assert_int_equal(s->att[0].addr, 0x1000);
	assert_int_equal(s->dest, 1);
	assert_int_equal(t.ndiags, 0);
	trace_close(&t);
}

static void test_socketpair_and_overflow(void **st)
{
	struct trace t;
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"sock.create\",\"sock\":1,\"sock_type\":\"dgram\",\"fds\":[3,4],\"pipes\":[7,8]}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":1,\"type\":\"pipe.write\",\"pipe\":8,\"sock\":1,\"n\":2,\"data\":\"hi\",\"head\":6,\"tail\":0,\"cap\":65536,\"readers\":1,\"writers\":1}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":1,\"type\":\"trace.overflow\",\"event\":\"msg.send\",\"reason\":\"too long\",\"limit\":4096}\n"
	     "{\"seq\":3,\"ts\":4,\"cpu\":0,\"pid\":1,\"type\":\"sock.shutdown\",\"sock\":1,\"side\":0,\"how\":\"wr\"}\n");
	/* the ring came in with its first event, quietly; the overflow is reported */
	assert_int_equal(t.ndiags, 1);
	assert_true(has_diag(&t, 4, "dropped a msg.send event"));
	struct obj *so = state_obj(&t.head, OBJ_SOCK, 1), *ring = state_obj(&t.head, OBJ_PIPE, 8);
	assert_non_null(so);
	assert_non_null(ring);
	assert_false(ring->orphan);
	struct sock_blob *sb = so->blob;
	assert_true(sb->dgram);
	assert_int_equal(sb->pipes[1], 8);
	assert_int_equal(sb->shut[0], 2);
	assert_int_equal(((struct pipe_blob *)ring->blob)->sock, 2);   /* id + 1 */
	trace_close(&t);
	/* the pair goes with its last ring */
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"sock.create\",\"sock\":1,\"sock_type\":\"stream\",\"fds\":[3,4],\"pipes\":[7,8]}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":1,\"type\":\"pipe.close\",\"pipe\":8,\"sock\":1,\"end\":\"rw\",\"freed\":true,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":0,\"writers\":0}\n");
	assert_null(state_obj(&t.head, OBJ_SOCK, 1));
	assert_int_equal(t.head.nobjs, 0);
	trace_close(&t);
}

static void test_signals(void **st)
{
	struct trace t;
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"proc.fork\",\"child\":2,\"name\":\"kid\",\"ppid\":1}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":1,\"type\":\"sig.generate\",\"target\":2,\"sig\":10,\"pending\":\"0x200\",\"blocked\":\"0x0\"}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":2,\"type\":\"sig.deliver\",\"sig\":10,\"handler\":\"0x400\",\"pending\":\"0x0\",\"blocked\":\"0x200\"}\n");
	struct proc *p = state_proc(&t.head, 2);
	assert_non_null(p);
	assert_string_equal(p->name, "kid");
	assert_int_equal(p->ppid, 1);
	assert_int_equal(p->pending, 0);
	assert_int_equal(p->blocked, 0x200);
	assert_int_equal(proc_in_handler(p), 10);
	struct state s;
	state_init(&s);
	assert_int_equal(trace_seek(&t, 1, &s), 0);
	assert_int_equal(state_proc(&s, 2)->pending, 0x200);
	state_free(&s);
	trace_close(&t);
}

/* Threads: a thread's proc.fork carries its process (tgid); futex.wait puts it to sleep on the word, futex.wake
 * wakes it; a thread that exits releases itself and is gone after its last switch, with no reap; a thread's
 * execve: the exited main thread's id runs the new program and the thread's old id is released. */
static void test_threads_and_futexes(void **st)
{
	struct trace t;
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":2,\"type\":\"proc.fork\",\"child\":3,\"name\":\"app\",\"ppid\":2,\"tgid\":2}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":2,\"type\":\"futex.wait\",\"uaddr\":\"0x4a10\",\"val\":0,\"shared\":false}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":2,\"type\":\"sched.switch\",\"next\":3,\"next_name\":\"app\",\"prev_state\":\"sleeping\",\"wchan\":\"futex\"}\n"
	     "{\"seq\":3,\"ts\":4,\"cpu\":0,\"pid\":3,\"type\":\"futex.wake\",\"uaddr\":\"0x4a10\",\"woken\":[2]}\n"
	     "{\"seq\":4,\"ts\":5,\"cpu\":0,\"pid\":3,\"type\":\"proc.exit\",\"name\":\"app\",\"ppid\":1,\"tgid\":2,\"status\":0,\"code\":0}\n"
	     "{\"seq\":5,\"ts\":6,\"cpu\":0,\"pid\":3,\"type\":\"proc.release\",\"child\":3,\"name\":\"app\"}\n"
	     "{\"seq\":6,\"ts\":7,\"cpu\":0,\"pid\":3,\"type\":\"sched.switch\",\"next\":2,\"next_name\":\"app\",\"prev_state\":\"zombie\"}\n"
	     "{\"seq\":7,\"ts\":8,\"cpu\":0,\"pid\":2,\"type\":\"proc.fork\",\"child\":4,\"name\":\"app\",\"ppid\":2,\"tgid\":2}\n"
	     "{\"seq\":8,\"ts\":9,\"cpu\":0,\"pid\":2,\"type\":\"proc.exit\",\"name\":\"app\",\"ppid\":1,\"tgid\":2,\"status\":9,\"signal\":9}\n"
	     "{\"seq\":9,\"ts\":10,\"cpu\":0,\"pid\":2,\"type\":\"proc.release\",\"child\":4,\"name\":\"app\"}\n"
	     "{\"seq\":10,\"ts\":11,\"cpu\":0,\"pid\":2,\"type\":\"proc.exec\",\"name\":\"new\",\"ppid\":1,\"path\":\"/new\",\"argv\":[\"new\"]}\n");
	assert_int_equal(t.ndiags, 0);
	struct state s;
	state_init(&s);
	assert_int_equal(trace_seek(&t, 0, &s), 0);
	assert_int_equal(state_proc(&s, 3)->tgid, 2);
	assert_int_equal(state_proc(&s, 2)->tgid, 2);
	assert_int_equal(trace_seek(&t, 2, &s), 0);
	assert_int_equal(state_proc(&s, 2)->state, PS_SLEEPING);
	assert_string_equal(state_proc(&s, 2)->wchan, "futex 0x4a10"); /* the switch keeps the block's words */
	assert_int_equal(trace_seek(&t, 3, &s), 0);
	assert_int_equal(state_proc(&s, 2)->state, PS_RUNNABLE);
	assert_int_equal(trace_seek(&t, 5, &s), 0);
	assert_non_null(state_proc(&s, 3)); /* released, but it has not switched away yet */
	assert_int_equal(trace_seek(&t, 6, &s), 0);
	assert_null(state_proc(&s, 3));
	assert_int_equal(trace_seek(&t, 10, &s), 0);
	assert_null(state_proc(&s, 4));
	assert_int_equal(state_proc(&s, 2)->state, PS_RUNNING);
	assert_string_equal(state_proc(&s, 2)->name, "new");
	state_free(&s);
	trace_close(&t);
}

/* POSIX queues: mq.block puts the receiver to sleep on the queue, mq.wake wakes it; the other mq events are known. */
static void test_mqueue_sleeps(void **st)
{
	struct trace t;
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":2,\"type\":\"mq.create\",\"mq\":7,\"name\":\"/q\",\"mode\":384,\"curmsgs\":0,\"maxmsg\":10,\"msgsize\":8192,\"qsize\":0,\"msgs\":[],\"notify_pid\":0}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":2,\"type\":\"mq.block\",\"mq\":7,\"op\":\"recv\",\"curmsgs\":0,\"maxmsg\":10,\"msgsize\":8192,\"qsize\":0,\"msgs\":[],\"notify_pid\":0}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":3,\"type\":\"mq.wake\",\"mq\":7,\"op\":\"recv\",\"woken\":[2],\"curmsgs\":0,\"maxmsg\":10,\"msgsize\":8192,\"qsize\":0,\"msgs\":[],\"notify_pid\":0}\n");
	assert_int_equal(t.ndiags, 0);
	struct state s;
	state_init(&s);
	assert_int_equal(trace_seek(&t, 1, &s), 0);
	assert_int_equal(state_proc(&s, 2)->state, PS_SLEEPING);
	assert_string_equal(state_proc(&s, 2)->wchan, "mqueue 7 recv");
	assert_int_equal(trace_seek(&t, 2, &s), 0);
	assert_int_equal(state_proc(&s, 2)->state, PS_RUNNABLE);
	state_free(&s);
	trace_close(&t);
}

static void test_bad_input(void **st)
{
	struct trace t;
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"pipe.create\",\"pipe\":1,\"head\":0,\"tail\":0,\"cap\":65536}\n" /* line 2 */
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":1,\"type\":\"pipe.write\",\"pipe\":1,\"n\":\"five\",\"head\":5,\"tail\":0,\"cap\":65536}\n" /* 3: wrong type */
	     "this is not json\n"                                                                                       /* 4 */
	     "{\"seq\":3,\"ts\":3,\"cpu\":0,\"pid\":1,\"type\":\"frob.nicate\",\"x\":1}\n"                                  /* 5: unknown type */
	     "{\"seq\":4,\"ts\":4,\"cpu\":0,\"pid\":1,\"type\":\"sem.op\",\"semid\":42,\"sops\":[[0,1,0]],\"sems\":[{\"val\":1}]}\n" /* 6: never created */
	     "{\"seq\":9,\"ts\":5,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"after gap\"}\n"                   /* 7: gap 5..8 */
	     "{\"seq\":10,\"ts\":6,\"cpu\":0,\"pid\":1,\"type\":\"pipe.read\",\"pipe\":1,\"n\":2,\"he");                  /* 8: truncated */
	assert_int_equal(t.n, 7);
	assert_true(has_diag(&t, 3, "'n' should be an integer"));
	assert_true(has_diag(&t, 4, "malformed JSON"));
	assert_true(has_diag(&t, 5, "unknown event type 'frob.nicate'"));
	assert_true(has_diag(&t, 6, "never created"));
	assert_true(has_diag(&t, 7, "seq gap"));
	assert_true(has_diag(&t, 8, "truncated"));
	assert_true(t.recs[2].flags & EVF_BAD);
	assert_true(t.recs[3].flags & EVF_UNKNOWN);
	assert_true(t.recs[4].flags & EVF_ORPHAN);
	assert_true(t.recs[5].flags & EVF_GAP);
	assert_true(t.recs[5].flags & EVF_MARK);
	assert_true(t.recs[6].flags & EVF_TRUNC);
	assert_int_equal(t.gaps, 1);
	assert_int_equal(t.lost, 4);
	/* the rest still loaded: the pipe exists, the orphan semaphore set is drawn */
	assert_non_null(state_obj(&t.head, OBJ_PIPE, 1));
	struct obj *o = state_obj(&t.head, OBJ_SEM, 42);
	assert_non_null(o);
	assert_true(o->orphan);
	trace_close(&t);
}

static void test_newer_version_refused(void **st)
{
	struct trace t;
	load(&t, "{\"type\":\"trace.header\",\"format\":\"ipclab-trace\",\"version\":3}\n"
		 "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n");
	assert_true(strstr(t.fatal, "version 3") != NULL);
	assert_int_equal(t.n, 0);
	trace_close(&t);
}

static void test_no_header_still_loads(void **st)
{
	struct trace t;
	load(&t, "\n{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n");
	assert_int_equal(t.n, 1);
	assert_int_equal(t.recs[0].line, 2);
	assert_true(has_diag(&t, 2, "no trace.header"));
	trace_close(&t);
}

/* A generated trace with every kind: seeking to random positions equals applying from the start. */
static char *gen_trace(int n)
{
	size_t cap = (size_t)n * 300 + 1000, u = 0;
	char *s = malloc(cap);
	u += (size_t)sprintf(s + u, HDR);
	uint64_t head = 0, tail = 0;
	int semval = 0, qnum = 0;
	for (int i = 0; i < n; i++) {
		int pid = 1 + i % 3;
		int k = i < 4 ? i : 4 + (int)((unsigned)(i * 2654435761u) % 7);
		const char *c = "{\"seq\":%d,\"ts\":%d,\"cpu\":0,\"pid\":%d,";
		u += (size_t)sprintf(s + u, c, i, i * 100, pid);
		switch (k) {
		case 0: u += (size_t)sprintf(s + u, "\"type\":\"pipe.create\",\"pipe\":1,\"head\":0,\"tail\":0,\"cap\":64,\"readers\":1,\"writers\":1}\n"); break;
		case 1: u += (size_t)sprintf(s + u, "\"type\":\"sem.create\",\"semid\":1,\"key\":1,\"nsems\":1,\"mode\":384,\"sems\":[{\"val\":0,\"pid\":0,\"ncnt\":[],\"zcnt\":[]}]}\n"); break;
		case 2: u += (size_t)sprintf(s + u, "\"type\":\"msg.create\",\"msqid\":1,\"key\":1,\"mode\":384,\"qbytes\":1000}\n"); break;
		case 3: u += (size_t)sprintf(s + u, "\"type\":\"proc.fork\",\"child\":%d,\"name\":\"p\",\"ppid\":%d}\n", 2 + i, pid); break;
		case 4: case 5:
			if (head - tail < 60) {
				head += 3;
				u += (size_t)sprintf(s + u, "\"type\":\"pipe.write\",\"pipe\":1,\"n\":3,\"data\":\"%03d\",\"head\":%lu,\"tail\":%lu,\"cap\":64}\n", i % 1000, (unsigned long)head, (unsigned long)tail);
			} else {
				u += (size_t)sprintf(s + u, "\"type\":\"pipe.block\",\"pipe\":1,\"op\":\"write\",\"head\":%lu,\"tail\":%lu,\"cap\":64}\n", (unsigned long)head, (unsigned long)tail);
			}
			break;
		case 6:
			if (head > tail)
				tail++;
			u += (size_t)sprintf(s + u, "\"type\":\"pipe.read\",\"pipe\":1,\"n\":1,\"data\":\"x\",\"head\":%lu,\"tail\":%lu,\"cap\":64}\n", (unsigned long)head, (unsigned long)tail);
			break;
		case 7:
			semval = (semval + 1) % 5;
			u += (size_t)sprintf(s + u, "\"type\":\"sem.op\",\"semid\":1,\"sops\":[[0,1,4096]],\"sems\":[{\"val\":%d,\"pid\":%d,\"ncnt\":[],\"zcnt\":[]}]}\n", semval, pid);
			break;
		case 8:
			qnum = (qnum + 1) % 3;
			u += (size_t)sprintf(s + u, "\"type\":\"msg.send\",\"msqid\":1,\"mtype\":%d,\"size\":1,\"text\":\"m\",\"qnum\":%d,\"cbytes\":%d,\"qbytes\":1000,\"msgs\":[%s]}\n",
					     i, qnum, qnum, qnum == 0 ? "" : qnum == 1 ? "[1,1,\"m\"]" : "[1,1,\"m\"],[2,1,\"n\"]");
			break;
		case 9: u += (size_t)sprintf(s + u, "\"type\":\"sig.generate\",\"target\":%d,\"sig\":%d,\"pending\":\"0x%x\",\"blocked\":\"0x0\"}\n", pid, 1 + i % 31, 1u << (i % 31)); break;
		default: u += (size_t)sprintf(s + u, "\"type\":\"sched.switch\",\"next\":%d,\"next_name\":\"p\",\"prev_state\":\"%s\",\"wchan\":\"x\"}\n", 1 + (i + 1) % 3, i % 2 ? "running" : "sleeping"); break;
		}
	}
	return s;
}

static void test_seek_equals_replay(void **st)
{
	const int n = 5000;
	char *text = gen_trace(n);
	struct trace t;
	load_k(&t, text, SEEK_TEST_K);
	assert_int_equal(t.n, n);
	assert_int_equal(t.ndiags, 0);
	assert_true(t.nsnaps > 5);
	/* reference: apply every record from the empty state, dumping at chosen positions */
	struct state ref, s;
	state_init(&ref);
	state_init(&s);
	srand(1234);
	long want[64];
	for (int k = 0; k < 64; k++)
		want[k] = rand() % n;
	want[0] = 0, want[1] = n - 1, want[2] = SEEK_TEST_K - 1, want[3] = SEEK_TEST_K, want[4] = 2 * SEEK_TEST_K + 1;
	for (long i = 0; i < n; i++) {
		trace_apply_rec(&t, (size_t)i, &ref);
		for (int k = 0; k < 64; k++)
			if (want[k] == i) {
				assert_int_equal(trace_seek(&t, i, &s), 0);
				state_dump(&ref, dumpbuf, sizeof dumpbuf);
				state_dump(&s, dumpbuf2, sizeof dumpbuf2);
				assert_string_equal(dumpbuf, dumpbuf2);
			}
	}
	/* and the head state after building equals the full replay */
	state_dump(&t.head, dumpbuf2, sizeof dumpbuf2);
	assert_string_equal(dumpbuf, dumpbuf2);
	/* out-of-range seeks clamp to the empty state / the last event */
	assert_int_equal(trace_seek(&t, -5, &s), 0);
	assert_int_equal(s.seq, -1);
	assert_int_equal(s.nprocs, 0);
	assert_int_equal(trace_seek(&t, n + 10, &s), 0);
	assert_int_equal(s.seq, n - 1);
	state_free(&ref);
	state_free(&s);
	trace_close(&t);
	free(text);
}

static void test_incremental_feed(void **st)
{
	/* live mode: bytes arrive in pieces, lines split anywhere; the result equals loading at once */
	char *text = gen_trace(700);
	size_t len = strlen(text);
	struct trace a, b;
	load(&a, text);
	assert_int_equal(trace_open_mem(&b, text, 0, "live"), 0);
	b.diag_out = NULL;
	for (size_t got = 0; got < len;) {
		got += 1 + (got * 7919) % 97;
		if (got > len)
			got = len;
		trace_grow(&b, got);
		trace_scan(&b);
		trace_build(&b, 50);
	}
	trace_set_eof(&b);
	trace_load_all(&b);
	assert_int_equal(a.n, b.n);
	assert_int_equal(b.ndiags, 0);
	state_dump(&a.head, dumpbuf, sizeof dumpbuf);
	state_dump(&b.head, dumpbuf2, sizeof dumpbuf2);
	assert_string_equal(dumpbuf, dumpbuf2);
	trace_close(&a);
	trace_close(&b);
	free(text);
}

static void test_sample_traces_clean(void **st)
{
	const char *files[] = { "traces/pipes-echo.jsonl", "traces/sysv-ipc.jsonl", "traces/fifo-chat.jsonl", "traces/socketpair.jsonl",
				"traces/mmap-shared.jsonl", "traces/sig-rt.jsonl" };
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		struct trace t;
		assert_int_equal(trace_open_file(&t, files[i]), 0);
		t.diag_out = NULL;
		trace_set_eof(&t);
		trace_load_all(&t);
		assert_true(t.n > 20);
		if (t.ndiags)
			fprintf(stderr, "%s:%u: %s\n", files[i], t.diags[0].line, t.diags[0].msg);
		assert_int_equal(t.ndiags, 0);
		assert_true(t.head.halted);
		assert_int_equal(t.head.nobjs, 0);   /* everything was freed by the end */
		trace_close(&t);
	}
}

/* The two-thread loader gives the same records, diagnostics, state and snapshots as scan + build. */
/* Load text with one thread or two (par) and with the flat reader or every line as a tree (flat 0). */
static void load_with(struct trace *t, const char *text, size_t len, int par, int flat)
{
	assert_int_equal(trace_open_mem(t, text, len, "t"), 0);
	t->diag_out = NULL;
	t->par_min = par ? 0 : UINT64_MAX;
	if (!flat)
		t->flat_max = 0;
	trace_set_eof(t);
	trace_load_all(t);
}

/* Both loaders, each with the flat reader and with trees only, give the same records, diagnostics, states,
 * snapshots, and (replaying every record) the same effects as the one-thread loader with the flat reader. */
static void compare_loaders(const char *text, size_t len)
{
	static const int how[3][2] = { { 1, 1 }, { 0, 0 }, { 1, 0 } };   /* { par, flat } */
	struct trace a, b;
	load_with(&a, text, len, 0, 1);
	for (int v = 0; v < 3; v++) {
		load_with(&b, text, len, how[v][0], how[v][1]);
		assert_int_equal(a.n, b.n);
		assert_int_equal(a.built, b.built);
		assert_int_equal(a.nsnaps, b.nsnaps);
		assert_int_equal(a.ndiags, b.ndiags);
		assert_int_equal(a.gaps, b.gaps);
		assert_string_equal(a.fatal, b.fatal);
		for (size_t i = 0; i < a.ndiags; i++) {
			assert_int_equal(a.diags[i].line, b.diags[i].line);
			assert_string_equal(a.diags[i].msg, b.diags[i].msg);
		}
		for (size_t i = 0; i < a.n; i++) {   /* field by field: padding may differ */
			const struct ev_rec *x = &a.recs[i], *y = &b.recs[i];
			assert_true(x->off == y->off && x->ts == y->ts && x->seq == y->seq && x->len == y->len && x->line == y->line &&
				    x->pid == y->pid && x->obj == y->obj && x->type == y->type && x->flags == y->flags && x->cpu == y->cpu);
		}
		state_dump(&a.head, dumpbuf, sizeof dumpbuf);
		state_dump(&b.head, dumpbuf2, sizeof dumpbuf2);
		assert_string_equal(dumpbuf, dumpbuf2);
		for (size_t k = 0; k < a.nsnaps; k += 7) {
			state_dump(&a.snaps[k], dumpbuf, sizeof dumpbuf);
			state_dump(&b.snaps[k], dumpbuf2, sizeof dumpbuf2);
			assert_string_equal(dumpbuf, dumpbuf2);
		}
		if (!how[v][1]) {   /* replaying (a seek) reads flat in a, as trees in b */
			struct state sa, sb;
			struct ev_effect fa, fb;
			state_init(&sa);
			state_init(&sb);
			memset(&fa, 0, sizeof fa);   /* what no event writes stays equal too */
			memset(&fb, 0, sizeof fb);
			for (size_t i = 0; i < a.built; i++) {
				trace_apply_fx(&a, i, &sa, &fa);
				trace_apply_fx(&b, i, &sb, &fb);
				assert_memory_equal(&fa, &fb, sizeof fa);
			}
			state_dump(&sa, dumpbuf, sizeof dumpbuf);
			state_dump(&sb, dumpbuf2, sizeof dumpbuf2);
			assert_string_equal(dumpbuf, dumpbuf2);
			state_free(&sa);
			state_free(&sb);
		}
		trace_close(&b);
	}
	trace_close(&a);
}

static void test_parallel_loader(void **st)
{
	char *text = gen_trace(60000);   /* several 256 KiB chunks */
	compare_loaders(text, strlen(text));
	free(text);
	/* bad input: malformed, unknown, wrong types, gaps, truncated last line, blank lines, no header */
	FILE *f = fopen("tests/tracer/bad-input.jsonl", "rb");
	assert_non_null(f);
	static char bad[1 << 16];
	size_t n = fread(bad, 1, sizeof bad, f);
	fclose(f);
	compare_loaders(bad, n);
	const char *odd = "\n\n{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n[1,2]\n  \n\"str\"\n{\"seq\":3";
	compare_loaders(odd, strlen(odd));
	const char *v2 = "{\"type\":\"trace.header\",\"version\":2}\n{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n";
	compare_loaders(v2, strlen(v2));
}


#define HDR2 "{\"type\":\"trace.header\",\"format\":\"ipclab-trace\",\"version\":2,\"kernel\":\"t\",\"bootargs\":\"\",\"timer_hz\":62500000,\"data_max\":64}\n"
#define PIPE_STATE(h, t) "\"head\":" #h ",\"tail\":" #t ",\"cap\":16,\"readers\":1,\"writers\":1"

/* The effect of record i (applied after a seek to i - 1). */
static void effect_of(struct trace *t, long i, struct ev_effect *fx, struct state *s)
{
	assert_int_equal(trace_seek(t, i - 1, s), 0);
	trace_apply_fx(t, (size_t)i, s, fx);
}

/* Version 2: a write that blocked part way: its wake of the reader comes first, with the bytes already counted;
 * the state of its block shows what it moved so far; the one pipe.write has the total n. No diagnostic, the
 * bytes are known, the effects say who woke whom and what moved. */
static void test_v2_pipe_write_after_wakes(void **st)
{
	struct trace t;
	struct state s;
	struct ev_effect fx;
	state_init(&s);
	load(&t, HDR2
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"pipe.create\",\"pipe\":3,\"fds\":[3,4],\"flags\":0," PIPE_STATE(0, 0) "}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":2,\"type\":\"pipe.block\",\"pipe\":3,\"op\":\"read\"," PIPE_STATE(0, 0) "}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":1,\"type\":\"pipe.wake\",\"pipe\":3,\"op\":\"read\",\"woken\":[2]," PIPE_STATE(16, 0) "}\n"
	     "{\"seq\":3,\"ts\":4,\"cpu\":0,\"pid\":1,\"type\":\"pipe.block\",\"pipe\":3,\"op\":\"write\"," PIPE_STATE(16, 0) "}\n"
	     "{\"seq\":4,\"ts\":5,\"cpu\":0,\"pid\":2,\"type\":\"pipe.wake\",\"pipe\":3,\"op\":\"write\",\"woken\":[1]," PIPE_STATE(16, 16) "}\n"
	     "{\"seq\":5,\"ts\":6,\"cpu\":0,\"pid\":2,\"type\":\"pipe.read\",\"pipe\":3,\"n\":16,\"data\":\"abcdefghijklmnop\"," PIPE_STATE(16, 16) "}\n"
	     "{\"seq\":6,\"ts\":7,\"cpu\":0,\"pid\":1,\"type\":\"pipe.write\",\"pipe\":3,\"n\":20,\"data\":\"abcdefghijklmnopqrst\"," PIPE_STATE(20, 16) "}\n");
	assert_int_equal(t.ndiags, 0);   /* version 2: head moved by 4, not 20, and that is right */
	const struct pipe_blob *b = state_obj(&t.head, OBJ_PIPE, 3)->blob;
	assert_int_equal(b->head - b->tail, 4);
	assert_true(pipe_known(b, 16) && b->ring[16] == 'q');   /* the call's bytes were at [0, 20) */
	assert_int_equal(b->nrwait + b->nwwait, 0);
	effect_of(&t, 2, &fx, &s);
	assert_int_equal(fx.verb, FX_WAKE);
	assert_int_equal(fx.pid, 1);
	assert_int_equal(fx.npids, 1);
	assert_int_equal(fx.pids[0], 2);
	assert_int_equal(state_proc(&s, 2)->state, PS_RUNNABLE);
	effect_of(&t, 3, &fx, &s);
	assert_int_equal(fx.verb, FX_BLOCK);
	assert_int_equal(fx.sub, 1);
	assert_int_equal(state_proc(&s, 1)->wait.kind, WAIT_PIPE_WRITE);
	effect_of(&t, 6, &fx, &s);
	assert_int_equal(fx.verb, FX_PUT);
	assert_int_equal(fx.n, 20);
	assert_int_equal(fx.ndata, 20);
	assert_memory_equal(fx.data, "abcdefghijklmnopqrst", 20);
	effect_of(&t, 5, &fx, &s);
	assert_int_equal(fx.verb, FX_TAKE);
	assert_int_equal(fx.n, 16);
	state_free(&s);
	trace_close(&t);
}

/* A reader blocked in a FIFO's open(2) is not "waiting to read" and wakes when the writer opens: with fifo.wake
 * (version 2, which may name the FIFO only by path) or, in version 1, at the writer's open. */
static void test_fifo_open_wakes(void **st)
{
	const char *body =
		"{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":4,\"type\":\"fifo.block\",\"pipe\":1,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":1,\"writers\":0,\"fifo\":\"/tmp/lab.fifo\",\"mode\":\"r\"}\n"
		"{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":5,\"type\":\"fifo.open\",\"pipe\":1,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":1,\"writers\":1,\"fifo\":\"/tmp/lab.fifo\",\"mode\":\"w\"}\n";
	static char text[2048];
	for (int v = 1; v <= 2; v++) {
		struct trace t;
		snprintf(text, sizeof text, "%s%s%s", v == 1 ? HDR : HDR2, body,
			 v == 1 ? "" : "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":5,\"type\":\"fifo.wake\",\"fifo\":\"/tmp/lab.fifo\",\"mode\":\"w\",\"woken\":[4]}\n");
		load(&t, text);
		assert_int_equal(t.ndiags, 0);
		struct state s;
		state_init(&s);
		assert_int_equal(trace_seek(&t, 0, &s), 0);
		const struct proc *p = state_proc(&s, 4);
		assert_int_equal(p->state, PS_SLEEPING);
		assert_int_equal(p->wait.kind, WAIT_FIFO_OPEN);
		assert_int_equal(p->wait.mode, 'r');
		const struct pipe_blob *b = state_obj(&s, OBJ_PIPE, 1)->blob;
		assert_int_equal(b->nrwait, 0);   /* not a reader of an empty pipe */
		assert_int_equal(b->nowait, 1);
		assert_int_equal(trace_seek(&t, v == 1 ? 1 : 2, &s), 0);
		assert_int_equal(state_proc(&s, 4)->state, PS_RUNNABLE);
		assert_int_equal(((const struct pipe_blob *)state_obj(&s, OBJ_PIPE, 1)->blob)->nowait, 0);
		if (v == 2) {   /* the open itself woke nobody: the wake event did */
			assert_int_equal(trace_seek(&t, 1, &s), 0);
			assert_int_equal(state_proc(&s, 4)->state, PS_SLEEPING);
		}
		state_free(&s);
		trace_close(&t);
	}
}

/* sem.block is a wait on the semaphore it cannot take (from semncnt), not a decrement; sem.wake of version 2
 * fails a sleeper with err. */
static void test_sem_block_names_its_semaphore(void **st)
{
	struct trace t;
	struct state s;
	struct ev_effect fx;
	state_init(&s);
	load(&t, HDR2
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"sem.create\",\"semid\":3,\"key\":0,\"nsems\":2,\"mode\":384,\"sems\":[{\"val\":1,\"pid\":0,\"ncnt\":[],\"zcnt\":[]},{\"val\":0,\"pid\":0,\"ncnt\":[],\"zcnt\":[]}]}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":2,\"type\":\"sem.block\",\"semid\":3,\"sops\":[[0,-1,0],[1,-1,0]],\"sems\":[{\"val\":1,\"pid\":0,\"ncnt\":[],\"zcnt\":[]},{\"val\":0,\"pid\":0,\"ncnt\":[2],\"zcnt\":[]}]}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":1,\"type\":\"sem.wake\",\"semid\":3,\"woken\":[2],\"err\":\"EIDRM\",\"sems\":[{\"val\":1,\"pid\":0,\"ncnt\":[],\"zcnt\":[]},{\"val\":0,\"pid\":0,\"ncnt\":[],\"zcnt\":[]}]}\n"
	     "{\"seq\":3,\"ts\":4,\"cpu\":0,\"pid\":1,\"type\":\"sem.rmid\",\"semid\":3,\"sems\":[{\"val\":1,\"pid\":0,\"ncnt\":[],\"zcnt\":[]},{\"val\":0,\"pid\":0,\"ncnt\":[],\"zcnt\":[]}]}\n");
	assert_int_equal(t.ndiags, 0);
	effect_of(&t, 1, &fx, &s);
	assert_int_equal(fx.verb, FX_BLOCK);   /* a block, not an operation done */
	assert_int_equal(fx.sub, 1);
	const struct proc *p = state_proc(&s, 2);
	assert_int_equal(p->wait.kind, WAIT_SEM);
	assert_int_equal(p->wait.semnum, 1);   /* sem 1, where it is counted in semncnt, not sem 0 */
	assert_int_equal(p->wait.semop, -1);
	assert_int_equal(p->wait.nsops, 2);
	assert_int_equal(p->wait.id, 3);
	effect_of(&t, 2, &fx, &s);
	assert_int_equal(fx.verb, FX_WAKE);
	assert_string_equal(fx.err, "EIDRM");
	assert_int_equal(state_proc(&s, 2)->state, PS_RUNNABLE);
	effect_of(&t, 3, &fx, &s);
	assert_int_equal(fx.verb, FX_REMOVE);
	assert_null(state_obj(&s, OBJ_SEM, 3));
	state_free(&s);
	trace_close(&t);
}

/* The dining philosophers (a hand-written version-2 trace): the five are deadlocked, each waiting for a fork
 * its neighbour holds; a moment before the last one blocks there is no deadlock. */
static void test_deadlock_knot(void **st)
{
	struct trace t;
	struct state s;
	struct waitgraph g;
	state_init(&s);
	assert_int_equal(trace_open_file(&t, "tests/tracer/deadlock-v2.jsonl"), 0);
	t.diag_out = NULL;
	trace_set_eof(&t);
	trace_load_all(&t);
	assert_int_equal(t.ndiags, 0);
	waitgraph_build(&t.head, &g);
	assert_int_equal(g.ndead, 5);
	for (int pid = 3; pid <= 7; pid++)
		assert_true(waitgraph_is_dead(&g, pid));
	assert_false(waitgraph_is_dead(&g, 2));   /* the parent waits in wait4: not part of it */
	/* each waits for the next one's fork: philo(3) for sem 1, held by philo(4) */
	int found = 0;
	for (int i = 0; i < g.ne; i++)
		found |= g.e[i].waiter == 3 && g.e[i].sub == 1 && g.e[i].releaser == 4;
	assert_true(found);
	assert_int_equal(trace_seek(&t, (long)t.n - 3, &s), 0);   /* before the last sem.block */
	waitgraph_build(&s, &g);
	assert_int_equal(g.ndead, 0);
	state_free(&s);
	trace_close(&t);
	/* a bounded buffer whose consumer sleeps while the producer runs is no deadlock */
	assert_int_equal(trace_open_file(&t, "traces/labs/semaphores-bbuf.jsonl"), 0);
	t.diag_out = NULL;
	trace_set_eof(&t);
	trace_load_all(&t);
	state_init(&s);
	for (size_t i = 0; i < t.n; i++) {
		trace_apply_rec(&t, i, &s);
		waitgraph_build(&s, &g);
		assert_int_equal(g.ndead, 0);
	}
	state_free(&s);
	trace_close(&t);
}

/* Load a saved trace file, all built, without printing its diagnostics. */
static void load_file(struct trace *t, const char *path)
{
	assert_int_equal(trace_open_file(t, path), 0);
	t->diag_out = NULL;
	trace_set_eof(t);
	trace_load_all(t);
}

/* The record index of event seq (the trace has no gaps). */
static long at_seq(const struct trace *t, int64_t seq)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->recs[i].seq == seq)
			return (long)i;
	fail_msg("no event %lld", (long long)seq);
	return -1;
}

/* State after event seq into s, and that event's effect into fx. */
static void after_seq(struct trace *t, int64_t seq, struct state *s, struct ev_effect *fx)
{
	effect_of(t, at_seq(t, seq), fx, s);
}

static const struct unix_blob *sock_at(struct state *s, int64_t id)
{
	const struct obj *o = state_obj(s, OBJ_UNIX, id);
	assert_non_null(o);
	return o->blob;
}

static int has_edge(const struct waitgraph *g, int32_t waiter, int32_t releaser)
{
	for (int i = 0; i < g->ne; i++)
		if (g->e[i].waiter == waiter && g->e[i].releaser == releaser)
			return 1;
	return 0;
}

/* Unix sockets from a trace the kernel wrote (tests/tracer/progs/unix_demo.c): a socketpair whose child sleeps
 * in read until the parent's bytes arrive in its end's queue; a listener with two connections in its backlog,
 * accepted into the parent's descriptors; datagrams from two named senders, each its own sk_buff with its sender;
 * a pipe's read end sent with SCM_RIGHTS, in flight on the receiving socket until the child's recvmsg. */
static void test_unix_sockets_from_kernel(void **st)
{
	struct trace t;
	struct state s;
	struct ev_effect fx;
	struct waitgraph g;
	load_file(&t, "traces/unix-sockets.jsonl");
	assert_int_equal(t.ndiags, 0);
	state_init(&s);
	/* socketpair: two sockets, each the other's peer, both opened by the parent as fds 3 and 4 */
	after_seq(&t, 12, &s, &fx);
	assert_int_equal(fx.verb, FX_CREATE);
	assert_int_equal(sock_at(&s, 1)->peer, 2);
	assert_int_equal(sock_at(&s, 2)->peer, 1);
	assert_int_equal(sock_at(&s, 2)->state, UNIX_CONNECTED);
	assert_int_equal(sock_at(&s, 1)->fd, 3);
	assert_int_equal(sock_at(&s, 2)->owner, 2);
	/* the child reads its empty end: asleep on socket 2 for recv; the parent (its peer's user) could wake it */
	after_seq(&t, 21, &s, &fx);
	assert_int_equal(fx.verb, FX_BLOCK);
	const struct proc *p = state_proc(&s, 3);
	assert_int_equal(p->state, PS_SLEEPING);
	assert_int_equal(p->wait.kind, WAIT_UNIX);
	assert_int_equal(p->wait.mode, 'r');
	assert_int_equal(p->wait.obj, state_obj(&s, OBJ_UNIX, 2)->cat);
	assert_int_equal(sock_at(&s, 2)->nwait, 1);
	waitgraph_build(&s, &g);
	assert_true(has_edge(&g, 3, 2));
	assert_int_equal(g.ndead, 0);
	/* the parent's write wakes it (the wake comes before the send that caused it) */
	after_seq(&t, 24, &s, &fx);
	assert_int_equal(fx.verb, FX_WAKE);
	assert_int_equal(fx.npids, 1);
	assert_int_equal(fx.pids[0], 3);
	assert_int_equal(state_proc(&s, 3)->state, PS_RUNNABLE);
	assert_int_equal(sock_at(&s, 2)->nwait, 0);
	/* two sends: two sk_buffs in socket 2's queue, from socket 1; the effect is on the receiving socket */
	after_seq(&t, 26, &s, &fx);
	assert_int_equal(fx.verb, FX_PUT);
	assert_int_equal(fx.obj, state_obj(&s, OBJ_UNIX, 2)->cat);
	assert_int_equal(fx.n, 4);
	assert_memory_equal(fx.data, "more", 4);
	const struct unix_blob *b = sock_at(&s, 2);
	assert_int_equal(b->nq, 2);
	assert_int_equal(b->qbytes, 8);
	assert_string_equal(b->q[0].preview, "ping");
	assert_string_equal(b->q[1].preview, "more");
	assert_int_equal(b->q[1].from, 1);
	/* the child reads both at once; its close leaves the parent's end shut down both ways */
	after_seq(&t, 29, &s, &fx);
	assert_int_equal(fx.verb, FX_TAKE);
	assert_int_equal(fx.n, 8);
	assert_int_equal(sock_at(&s, 2)->nq, 0);
	after_seq(&t, 32, &s, &fx);
	assert_int_equal(fx.verb, FX_REMOVE);
	assert_null(state_obj(&s, OBJ_UNIX, 2));
	after_seq(&t, 36, &s, &fx);
	assert_int_equal(sock_at(&s, 1)->shut, 3);
	/* a listener on /tmp/srv with backlog 4: two connects put two server ends in it, nobody holds them yet */
	after_seq(&t, 47, &s, &fx);
	b = sock_at(&s, 3);
	assert_int_equal(b->state, UNIX_LISTENING);
	assert_string_equal(b->addr, "/tmp/srv");
	assert_int_equal(b->backlog, 4);
	assert_int_equal(b->npending, 2);
	assert_int_equal(b->pending[0].server, 6);
	assert_int_equal(b->pending[0].client, 4);
	assert_int_equal(b->pending[1].server, 7);
	assert_int_equal(sock_at(&s, 6)->listener, 3);
	assert_int_equal(sock_at(&s, 6)->owner, -1);
	assert_int_equal(sock_at(&s, 4)->peer, 6);
	/* bytes sent before accept wait in the server end's queue */
	after_seq(&t, 48, &s, &fx);
	assert_string_equal(sock_at(&s, 6)->q[0].preview, "hello");
	/* accept takes the oldest: the picture is about the listener; the new socket is fd 6 of the parent */
	after_seq(&t, 49, &s, &fx);
	assert_int_equal(fx.verb, FX_TAKE);
	assert_int_equal(fx.obj, state_obj(&s, OBJ_UNIX, 3)->cat);
	assert_int_equal(t.recs[at_seq(&t, 49)].obj, state_obj(&s, OBJ_UNIX, 6)->cat);
	assert_int_equal(sock_at(&s, 3)->npending, 1);
	assert_int_equal(sock_at(&s, 6)->listener, -1);
	assert_int_equal(sock_at(&s, 6)->fd, 6);
	assert_int_equal(sock_at(&s, 6)->owner, 2);
	/* datagrams: three on /tmp/rx, each from its sender (/tmp/tx1 is socket 9, /tmp/tx2 socket 10) */
	after_seq(&t, 65, &s, &fx);
	b = sock_at(&s, 8);
	assert_int_equal(b->type, UNIX_DGRAM);
	assert_int_equal(b->nq, 3);
	assert_int_equal(b->q[0].from, 9);
	assert_int_equal(b->q[1].from, 10);
	assert_int_equal(b->q[2].from, 9);
	assert_string_equal(b->q[1].preview, "two!");
	assert_string_equal(sock_at(&s, 10)->addr, "/tmp/tx2");
	after_seq(&t, 66, &s, &fx);
	assert_int_equal(sock_at(&s, 8)->nq, 2);
	assert_string_equal(sock_at(&s, 8)->q[0].preview, "two!");
	/* SCM_RIGHTS: the pipe's read end travels in socket 12's queue, then arrives as the child's fd 5 */
	after_seq(&t, 86, &s, &fx);
	assert_int_equal(fx.verb, FX_PUT);
	assert_non_null(strstr(fx.text, "pipe 1 r"));
	b = sock_at(&s, 12);
	assert_int_equal(b->q[0].files, 1);
	assert_int_equal(b->nfiles, 1);
	assert_string_equal(b->files[0], "pipe 1 r");
	after_seq(&t, 89, &s, &fx);
	assert_int_equal(fx.verb, FX_TAKE);
	assert_string_equal(fx.text, "fd 5: pipe 1 r");
	assert_int_equal(sock_at(&s, 12)->nfiles, 0);
	/* at the end every socket was closed */
	assert_true(t.head.halted);
	assert_int_equal(t.head.nobjs, 0);
	state_free(&s);
	trace_close(&t);
}

/* POSIX queues from a trace the kernel wrote (tests/tracer/progs/mq_demo.c): messages in receive order (highest
 * priority first, FIFO within one), a sender asleep on the full queue whose message goes in when a receive makes
 * room, a receiver asleep on the empty one, mq_notify registered and fired, unlink, destroy. */
static void test_mqueue_from_kernel(void **st)
{
	struct trace t;
	struct state s;
	struct ev_effect fx;
	struct waitgraph g;
	load_file(&t, "traces/mqueue.jsonl");
	assert_int_equal(t.ndiags, 0);
	state_init(&s);
	after_seq(&t, 11, &s, &fx);
	assert_int_equal(fx.verb, FX_CREATE);
	const struct obj *o = state_obj(&s, OBJ_MQ, 35);
	assert_non_null(o);
	const struct mq_blob *b = o->blob;
	assert_string_equal(b->name, "/demo");
	assert_int_equal(b->maxmsg, 4);
	assert_int_equal(b->msgsize, 32);
	/* sent at priorities 1, 5, 5, 9: received 9, 5 (the older first), 5, 1 */
	after_seq(&t, 15, &s, &fx);
	assert_int_equal(fx.verb, FX_PUT);
	assert_int_equal(fx.mtype, 9);
	b = state_obj(&s, OBJ_MQ, 35)->blob;
	assert_int_equal(b->curmsgs, 4);
	assert_int_equal(b->nmsgs, 4);
	const int64_t prio[] = { 9, 5, 5, 1 };
	const char *text[] = { "urgent", "mid-a", "mid-b", "low" };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(b->msgs[i].mtype, prio[i]);
		assert_string_equal(b->msgs[i].preview, text[i]);
	}
	/* the child's mq_send on the full queue sleeps */
	after_seq(&t, 24, &s, &fx);
	assert_int_equal(fx.verb, FX_BLOCK);
	assert_int_equal(state_proc(&s, 3)->wait.kind, WAIT_MQ_SEND);
	assert_int_equal(state_proc(&s, 3)->wait.arg, 5);
	b = state_obj(&s, OBJ_MQ, 35)->blob;
	assert_int_equal(b->q.nsend, 1);
	assert_int_equal(b->q.send_wait[0], 3);
	/* the parent's receive lets it in: "late" (priority 5) goes after the other two of priority 5 */
	after_seq(&t, 28, &s, &fx);
	assert_int_equal(fx.verb, FX_WAKE);
	assert_int_equal(fx.pids[0], 3);
	b = state_obj(&s, OBJ_MQ, 35)->blob;
	assert_int_equal(b->q.nsend, 0);
	assert_string_equal(b->msgs[2].preview, "late");
	assert_int_equal(state_proc(&s, 3)->state, PS_RUNNABLE);
	/* a receiver on the empty queue: the parent, seen sending, could wake it */
	after_seq(&t, 48, &s, &fx);
	assert_int_equal(state_proc(&s, 4)->wait.kind, WAIT_MQ_RECV);
	assert_int_equal(((const struct mq_blob *)state_obj(&s, OBJ_MQ, 35)->blob)->q.nrecv, 1);
	waitgraph_build(&s, &g);
	assert_true(has_edge(&g, 4, 2));
	/* mq_notify: SIGUSR1 to the parent; fired by the message into the empty queue, then no registration */
	after_seq(&t, 59, &s, &fx);
	b = state_obj(&s, OBJ_MQ, 35)->blob;
	assert_int_equal(b->notify_pid, 2);
	assert_string_equal(b->notify, "signal");
	assert_int_equal(b->notify_sig, 10);
	after_seq(&t, 60, &s, &fx);
	assert_int_equal(fx.verb, FX_CTL);
	b = state_obj(&s, OBJ_MQ, 35)->blob;
	assert_int_equal(b->notify_pid, 0);
	assert_string_equal(b->notify, "");
	after_seq(&t, 64, &s, &fx);
	assert_true(((const struct mq_blob *)state_obj(&s, OBJ_MQ, 35)->blob)->unlinked);
	after_seq(&t, 65, &s, &fx);
	assert_int_equal(fx.verb, FX_REMOVE);
	assert_null(state_obj(&s, OBJ_MQ, 35));
	state_free(&s);
	trace_close(&t);
}

static const struct futex_blob *word_at(struct state *s, uint64_t addr)
{
	for (int i = 0; i < s->nobjs; i++)
		if (s->objs[i].kind == OBJ_FUTEX && ((const struct futex_blob *)s->objs[i].blob)->uaddr == addr)
			return s->objs[i].blob;
	return NULL;
}

/* Futex words from a trace the kernel wrote (tests/tracer/progs/futex_demo.c): three threads asleep on one word
 * in wake order; FUTEX_CMP_REQUEUE wakes the first and moves the other two, in order, to a second word (the
 * trace says how many, the model which); the waker is then what could wake them; pthread_join's sleep on the
 * joined thread's tid word, woken by its exit. A word nobody sleeps on is gone after the next event. */
static void test_futex_from_kernel(void **st)
{
	struct trace t;
	struct state s;
	struct ev_effect fx;
	struct waitgraph g;
	load_file(&t, "traces/futex-requeue.jsonl");
	assert_int_equal(t.ndiags, 0);
	state_init(&s);
	after_seq(&t, 29, &s, &fx);
	assert_int_equal(fx.verb, FX_BLOCK);
	const struct futex_blob *w = word_at(&s, 0x420110);
	assert_non_null(w);
	assert_int_equal(w->tgid, 2);
	assert_false(w->shared);
	assert_int_equal(w->nwait_total, 3);
	assert_int_equal(w->wait[0], 3);
	assert_int_equal(w->wait[1], 4);
	assert_int_equal(w->wait[2], 5);
	assert_int_equal(state_proc(&s, 4)->wait.kind, WAIT_FUTEX);
	assert_string_equal(state_proc(&s, 4)->wchan, "futex 0x420110");
	waitgraph_build(&s, &g);
	assert_int_equal(g.ne, 0);   /* nobody seen waking it yet: no claim */
	after_seq(&t, 33, &s, &fx);
	assert_int_equal(fx.verb, FX_WAKE);
	w = word_at(&s, 0x420110);
	assert_int_equal(w->nwait_total, 2);
	assert_int_equal(w->waker, 2);
	assert_int_equal(w->woken[0], 3);
	after_seq(&t, 34, &s, &fx);
	assert_int_equal(fx.verb, FX_REQUEUE);
	assert_int_equal(fx.n, 2);
	assert_int_equal(fx.npids, 2);
	assert_int_equal(fx.addr, 0x420110);
	const struct futex_blob *to = word_at(&s, 0x420114);
	assert_non_null(to);
	assert_int_equal(to->nwait_total, 2);
	assert_int_equal(to->wait[0], 4);
	assert_int_equal(to->wait[1], 5);
	assert_int_equal(to->moved_from, 0x420110);
	assert_int_equal(word_at(&s, 0x420110)->nwait_total, 0);
	assert_int_equal(word_at(&s, 0x420110)->moved_to, 0x420114);
	assert_string_equal(state_proc(&s, 5)->wchan, "futex 0x420114");
	assert_int_equal(state_proc(&s, 5)->wait.obj, state_obj(&s, OBJ_FUTEX, fx.obj >= 0 ? state_obj_by_cat(&s, fx.obj)->id : -1)->cat);
	/* the emptied word is gone at a later event; the waker of the second word is what could wake the other */
	after_seq(&t, 41, &s, &fx);
	assert_null(word_at(&s, 0x420110));
	assert_int_equal(word_at(&s, 0x420114)->wait[0], 5);
	waitgraph_build(&s, &g);
	assert_true(has_edge(&g, 5, 2));
	/* pthread_join: the main thread on the joined thread's tid word, woken by that thread */
	after_seq(&t, 43, &s, &fx);
	assert_int_equal(state_proc(&s, 2)->wait.kind, WAIT_FUTEX);
	after_seq(&t, 46, &s, &fx);
	assert_int_equal(fx.verb, FX_WAKE);
	assert_int_equal(fx.pid, 4);
	assert_int_equal(fx.pids[0], 2);
	assert_true(t.head.halted);
	assert_int_equal(t.head.nobjs, 0);
	state_free(&s);
	trace_close(&t);
}

/* A deadlock through sockets, traced on the kernel (tests/tracer/progs/sock_deadlock.c): parent and child each
 * read first from their end of a socketpair; each could only be woken by the other, the user of its peer. */
static void test_socket_deadlock(void **st)
{
	struct trace t;
	struct state s;
	struct waitgraph g;
	load_file(&t, "tests/tracer/sock-deadlock.jsonl");
	assert_int_equal(t.ndiags, 0);
	waitgraph_build(&t.head, &g);
	assert_int_equal(g.ndead, 2);
	assert_true(waitgraph_is_dead(&g, 2) && waitgraph_is_dead(&g, 3));
	assert_true(has_edge(&g, 2, 3));
	assert_true(has_edge(&g, 3, 2));
	state_init(&s);
	long first = -1;   /* after the first of the two sleeps: the other could still write */
	for (size_t i = 0; i < t.n && first < 0; i++)
		if (!strcmp(type_get(t.recs[i].type)->name, "unix.block"))
			first = (long)i;
	assert_true(first >= 0);
	assert_int_equal(trace_seek(&t, first, &s), 0);
	waitgraph_build(&s, &g);
	assert_int_equal(g.ndead, 0);
	state_free(&s);
	trace_close(&t);
}

/* Seeking lands on the state replay gives with futex words, sockets and POSIX queues across snapshots: words that
 * go when emptied (stale), requeues, sockets created, slept on and closed, a queue's messages. */
static void test_seek_equals_replay_new_kinds(void **st)
{
	const int rounds = 160, per = 10;
	size_t cap = (size_t)rounds * per * 260 + 1000, u = 0;
	char *text = malloc(cap);
	u += (size_t)sprintf(text + u, HDR2);
	u += (size_t)sprintf(text + u, "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"mq.create\",\"mq\":1,\"name\":\"/q\",\"mode\":384,\"curmsgs\":0,\"maxmsg\":4,\"msgsize\":8,\"qsize\":0,\"msgs\":[],\"notify_pid\":0}\n");
	int seq = 1;
	for (int r = 0; r < rounds; r++) {
#define EV(pid, fmt, ...) u += (size_t)sprintf(text + u, "{\"seq\":%d,\"ts\":%d,\"cpu\":0,\"pid\":%d," fmt "}\n", seq, seq + 1, pid, __VA_ARGS__), seq++
		EV(2, "\"type\":\"futex.wait\",\"uaddr\":\"0x%x\",\"val\":0,\"shared\":false", 0x1000);
		EV(3, "\"type\":\"futex.wait\",\"uaddr\":\"0x%x\",\"val\":0,\"shared\":false", 0x1000);
		EV(4, "\"type\":\"futex.requeue\",\"uaddr\":\"0x%x\",\"uaddr2\":\"0x%x\",\"n\":1", 0x1000, 0x1004);
		EV(4, "\"type\":\"futex.wake\",\"uaddr\":\"0x%x\",\"woken\":[3]", 0x1000);
		EV(4, "\"type\":\"futex.wake\",\"uaddr\":\"0x%x\",\"woken\":[2]", 0x1004);
		EV(2, "\"type\":\"unix.create\",\"sock\":%d,\"sock_type\":\"stream\",\"state\":\"unconnected\",\"qlen\":0,\"qbytes\":0,\"queue\":[],\"fd\":3", 10 + r);
		EV(2, "\"type\":\"unix.block\",\"sock\":%d,\"state\":\"unconnected\",\"qlen\":0,\"qbytes\":0,\"queue\":[],\"op\":\"recv\"", 10 + r);
		EV(3, "\"type\":\"unix.wake\",\"sock\":%d,\"state\":\"unconnected\",\"qlen\":1,\"qbytes\":1,\"queue\":[[1,-1,0,\"a\"]],\"op\":\"recv\",\"woken\":[2]", 10 + r);
		EV(2, "\"type\":\"unix.close\",\"sock\":%d,\"state\":\"unconnected\",\"qlen\":1,\"qbytes\":1,\"queue\":[[1,-1,0,\"a\"]]", 10 + r);
		EV(3, "\"type\":\"mq.send\",\"mq\":1,\"curmsgs\":%d,\"maxmsg\":4,\"msgsize\":8,\"qsize\":%d,\"msgs\":[%s],\"notify_pid\":0,\"prio\":1,\"size\":1,\"text\":\"m\"",
		   r % 2, r % 2, r % 2 ? "[1,1,\"m\"]" : "");
#undef EV
	}
	struct trace t;
	load_k(&t, text, SEEK_TEST_K);
	assert_int_equal(t.ndiags, 0);
	assert_true(t.nsnaps >= 3);
	struct state ref, s;
	state_init(&ref);
	state_init(&s);
	for (size_t i = 0; i < t.n; i++) {
		trace_apply_rec(&t, i, &ref);
		if (i % 7 && i % SEEK_TEST_K && (i + 1) % SEEK_TEST_K)
			continue;
		assert_int_equal(trace_seek(&t, (long)i, &s), 0);
		state_dump(&ref, dumpbuf, sizeof dumpbuf);
		state_dump(&s, dumpbuf2, sizeof dumpbuf2);
		assert_string_equal(dumpbuf, dumpbuf2);
	}
	/* at the end: nobody asleep, no socket left, the queue */
	assert_int_not_equal(state_proc(&ref, 2)->state, PS_SLEEPING);   /* woken from the futex and the socket */
	assert_non_null(state_obj(&ref, OBJ_MQ, 1));
	for (int i = 0; i < ref.nobjs; i++)
		assert_int_not_equal(ref.objs[i].kind, OBJ_UNIX);
	state_free(&ref);
	state_free(&s);
	trace_close(&t);
	free(text);
}

/* The mapping of process pid at addr in o's blob, NULL if none. */
static const struct mmap_map *mapping_at(const struct obj *o, int32_t pid, uint64_t addr)
{
	const struct mmap_blob *b = o->blob;
	for (int i = 0; i < b->nmap; i++)
		if (b->maps[i].pid == pid && b->maps[i].addr == addr)
			return &b->maps[i];
	return NULL;
}

/* Shared memory as the kernel tells it (traces/FORMAT.md "Shared mappings"): made by 3, mapped, touched first by 3
 * (alloc), forked to 4 (its copy untouched), 4 touches page 0 (3's page: no alloc) and page 2 (the first ever),
 * munmap of 4's middle pages splits its mapping (each piece keeps its own touches), the last unmaps destroy it. A
 * file mapped shared lives while mapped; mremap's growth continues a mapping. */
static void test_shared_mappings(void **st)
{
	struct trace t;
#define M "\"cpu\":0,\"type\":"
	load(&t, HDR2
	     "{\"seq\":0,\"ts\":1," M "\"shmem.create\",\"pid\":3,\"shmem\":1,\"npages\":4}\n"
	     "{\"seq\":1,\"ts\":2," M "\"map.create\",\"pid\":3,\"shmem\":1,\"addr\":\"0x1000000000\",\"pgoff\":0,\"pages\":4,\"prot\":\"rw\",\"how\":\"mmap\"}\n"
	     "{\"seq\":2,\"ts\":3," M "\"map.touch\",\"pid\":3,\"shmem\":1,\"addr\":\"0x1000000000\",\"pgoff\":0,\"write\":true,\"alloc\":true}\n"
	     "{\"seq\":3,\"ts\":4," M "\"proc.fork\",\"pid\":3,\"child\":4,\"name\":\"kid\",\"ppid\":3}\n"
	     "{\"seq\":4,\"ts\":5," M "\"map.create\",\"pid\":4,\"shmem\":1,\"addr\":\"0x1000000000\",\"pgoff\":0,\"pages\":4,\"prot\":\"rw\",\"how\":\"fork\"}\n"
	     "{\"seq\":5,\"ts\":6," M "\"map.touch\",\"pid\":4,\"shmem\":1,\"addr\":\"0x1000000000\",\"pgoff\":0,\"write\":false,\"alloc\":false}\n"
	     "{\"seq\":6,\"ts\":7," M "\"map.touch\",\"pid\":4,\"shmem\":1,\"addr\":\"0x1000002000\",\"pgoff\":2,\"write\":true,\"alloc\":true}\n"
	     "{\"seq\":7,\"ts\":8," M "\"map.remove\",\"pid\":4,\"shmem\":1,\"addr\":\"0x1000001000\",\"pgoff\":1,\"pages\":2,\"how\":\"unmap\"}\n"
	     "{\"seq\":8,\"ts\":9," M "\"map.create\",\"pid\":3,\"ino\":220,\"addr\":\"0x2000000000\",\"pgoff\":1,\"pages\":1,\"prot\":\"r\",\"how\":\"mmap\"}\n"
	     "{\"seq\":9,\"ts\":10," M "\"map.create\",\"pid\":3,\"ino\":220,\"addr\":\"0x2000001000\",\"pgoff\":2,\"pages\":2,\"prot\":\"r\",\"how\":\"mremap\"}\n"
	     "{\"seq\":10,\"ts\":11," M "\"map.touch\",\"pid\":3,\"ino\":220,\"addr\":\"0x2000002000\",\"pgoff\":3,\"write\":false}\n"
	     "{\"seq\":11,\"ts\":12," M "\"map.remove\",\"pid\":4,\"shmem\":1,\"addr\":\"0x1000000000\",\"pgoff\":0,\"pages\":1,\"how\":\"exit\"}\n"
	     "{\"seq\":12,\"ts\":13," M "\"map.remove\",\"pid\":4,\"shmem\":1,\"addr\":\"0x1000003000\",\"pgoff\":3,\"pages\":1,\"how\":\"exit\"}\n"
	     "{\"seq\":13,\"ts\":14," M "\"map.remove\",\"pid\":3,\"shmem\":1,\"addr\":\"0x1000000000\",\"pgoff\":0,\"pages\":4,\"how\":\"unmap\"}\n"
	     "{\"seq\":14,\"ts\":15," M "\"shmem.destroy\",\"pid\":3,\"shmem\":1}\n"
	     "{\"seq\":15,\"ts\":16," M "\"map.remove\",\"pid\":3,\"ino\":220,\"addr\":\"0x2000000000\",\"pgoff\":1,\"pages\":3,\"how\":\"unmap\"}\n");
#undef M
	assert_int_equal(t.ndiags, 0);
	struct state s;
	state_init(&s);
	/* after 4's two touches: page 0 first touched by 3, page 2 by 4, both made; each mapping its own touches */
	assert_int_equal(trace_seek(&t, 6, &s), 0);
	const struct obj *o = state_obj(&s, OBJ_MMAP, 1);
	assert_non_null(o);
	const struct mmap_blob *b = o->blob;
	assert_int_equal(b->file, 0);
	assert_int_equal(b->npages, 4);
	assert_int_equal(b->creator, 3);
	assert_int_equal(b->nmap, 2);
	assert_int_equal(b->first[0], 3);
	assert_int_equal(b->first[1], 0);
	assert_int_equal(b->first[2], 4);
	assert_int_equal(b->made, 0x5);
	assert_int_equal(mapping_at(o, 3, 0x1000000000)->touched, 0x1);
	assert_int_equal(mapping_at(o, 4, 0x1000000000)->touched, 0x5);
	struct ev_effect fx;
	effect_of(&t, 6, &fx, &s);
	assert_int_equal(fx.verb, FX_TOUCH);
	assert_int_equal(fx.pid, 4);
	assert_int_equal(fx.flags & FXF_ALLOC, FXF_ALLOC);
	assert_int_equal(fx.n, 2);
	assert_int_equal(fx.addr, 0x1000002000);
	assert_string_equal(fx.text, "store");
	/* 4's munmap of pages 1..2: pieces [0] and [3] are left; page 2's touch went with it */
	assert_int_equal(trace_seek(&t, 7, &s), 0);
	o = state_obj(&s, OBJ_MMAP, 1);
	b = o->blob;
	assert_int_equal(b->nmap, 3);
	const struct mmap_map *lo = mapping_at(o, 4, 0x1000000000), *hi = mapping_at(o, 4, 0x1000003000);
	assert_non_null(lo);
	assert_non_null(hi);
	assert_int_equal(lo->npages, 1);
	assert_int_equal(lo->touched, 0x1);
	assert_int_equal(hi->npages, 1);
	assert_int_equal(hi->pgoff, 3);
	assert_int_equal(hi->touched, 0);
	assert_int_equal(b->first[2], 4);   /* who touched it first stays */
	/* the file: one mapping of pages 1..3 (the growth continued it), page 3 touched */
	assert_int_equal(trace_seek(&t, 10, &s), 0);
	o = state_obj(&s, OBJ_MMAP, MMAP_FILE_ID | 220);
	assert_non_null(o);
	b = o->blob;
	assert_int_equal(b->file, 1);
	assert_int_equal(b->ino, 220);
	assert_int_equal(b->nmap, 1);
	assert_int_equal(b->maps[0].npages, 3);
	assert_int_equal(b->maps[0].touched, 0x8);
	assert_int_equal(b->npages, 4);
	assert_int_equal(b->first[3], 3);
	/* the shared memory is gone at its destroy, the file at its last unmap */
	assert_int_equal(trace_seek(&t, 14, &s), 0);
	assert_null(state_obj(&s, OBJ_MMAP, 1));
	assert_non_null(state_obj(&s, OBJ_MMAP, MMAP_FILE_ID | 220));
	assert_int_equal(t.head.nobjs, 0);
	state_free(&s);
	trace_close(&t);
}

/* Queued real-time signals with their values: kept in delivery order (lowest signal first, in order within one),
 * the oldest of a signal leaves at its delivery, what is no longer pending goes; the effect carries code and value. */
static void test_rt_signal_values(void **st)
{
	struct trace t;
#define G(seq, sig, val, pend) "{\"seq\":" #seq ",\"ts\":" #seq ",\"cpu\":0,\"pid\":2,\"type\":\"sig.generate\",\"target\":2,\"sig\":" #sig \
	",\"code\":\"SI_QUEUE\",\"value\":\"" val "\",\"pending\":\"" pend "\",\"blocked\":\"0xc00000000\"}\n"
	load(&t, HDR2
	     "{\"seq\":0,\"ts\":0,\"cpu\":0,\"pid\":1,\"type\":\"proc.fork\",\"child\":2,\"name\":\"rt\",\"ppid\":1}\n"
	     G(1, 36, "0x1", "0x800000000") G(2, 36, "0x2", "0x800000000") G(3, 35, "0xa", "0xc00000000")
	     "{\"seq\":4,\"ts\":4,\"cpu\":0,\"pid\":2,\"type\":\"sig.mask\",\"pending\":\"0xc00000000\",\"blocked\":\"0x0\"}\n"
	     "{\"seq\":5,\"ts\":5,\"cpu\":0,\"pid\":2,\"type\":\"sig.deliver\",\"sig\":35,\"handler\":\"0x400\",\"pending\":\"0x800000000\",\"blocked\":\"0xc00000000\"}\n"
	     "{\"seq\":6,\"ts\":6,\"cpu\":0,\"pid\":2,\"type\":\"sig.deliver\",\"sig\":36,\"handler\":\"0x400\",\"pending\":\"0x800000000\",\"blocked\":\"0xc00000000\"}\n"
	     "{\"seq\":7,\"ts\":7,\"cpu\":0,\"pid\":1,\"type\":\"sig.generate\",\"target\":2,\"sig\":40,\"code\":\"SI_USER\",\"pending\":\"0x8800000000\",\"blocked\":\"0xc00000000\"}\n"
	     "{\"seq\":8,\"ts\":8,\"cpu\":0,\"pid\":2,\"type\":\"sig.mask\",\"pending\":\"0x0\",\"blocked\":\"0x0\"}\n");
#undef G
	assert_int_equal(t.ndiags, 0);
	struct state s;
	state_init(&s);
	assert_int_equal(trace_seek(&t, 3, &s), 0);
	const struct proc *p = state_proc(&s, 2);
	assert_int_equal(p->nrtq, 3);
	assert_int_equal(p->rtq[0].sig, 35);
	assert_int_equal(p->rtq[0].value, 0xa);
	assert_int_equal(p->rtq[1].sig, 36);
	assert_int_equal(p->rtq[1].value, 1);
	assert_int_equal(p->rtq[2].value, 2);
	assert_int_equal(p->rtq[2].code, -1);
	assert_true(p->rtq[2].has_value);
	assert_string_equal(sig_code_name(p->rtq[0].code), "SI_QUEUE");
	struct ev_effect fx;
	effect_of(&t, 3, &fx, &s);
	assert_int_equal(fx.verb, FX_SIG_GENERATE);
	assert_int_equal(fx.flags & FXF_VALUE, FXF_VALUE);
	assert_int_equal(fx.mtype, 0xa);
	assert_string_equal(fx.text, "SI_QUEUE");
	assert_int_equal(trace_seek(&t, 5, &s), 0);
	p = state_proc(&s, 2);
	assert_int_equal(p->nrtq, 2);
	assert_int_equal(p->rtq[0].value, 1);
	assert_int_equal(trace_seek(&t, 6, &s), 0);
	p = state_proc(&s, 2);
	assert_int_equal(p->nrtq, 1);
	assert_int_equal(p->rtq[0].value, 2);
	assert_int_equal(trace_seek(&t, 7, &s), 0);   /* kill(2) of a real-time signal: queued without a value */
	p = state_proc(&s, 2);
	assert_int_equal(p->nrtq, 2);
	assert_int_equal(p->rtq[1].sig, 40);
	assert_false(p->rtq[1].has_value);
	assert_int_equal(p->rtq[1].code, 0);
	assert_int_equal(state_proc(&t.head, 2)->nrtq, 0);   /* nothing pending any more */
	state_free(&s);
	trace_close(&t);
}

/* Seeking lands on the state replay gives with shared mappings and queued real-time signals across snapshots. */
static void test_seek_equals_replay_mappings(void **st)
{
	const int rounds = 200;
	size_t cap = (size_t)rounds * 10 * 300 + 1000, u = 0;
	char *text = malloc(cap);
	u += (size_t)sprintf(text + u, HDR2);
	int seq = 0;
	for (int r = 0; r < rounds; r++) {
		int id = r + 1, kid = 100 + r % 50;
		unsigned long long a = 0x1000000000ull + (unsigned long long)(r % 3) * 0x10000;
#define EV(pid, fmt, ...) u += (size_t)sprintf(text + u, "{\"seq\":%d,\"ts\":%d,\"cpu\":0,\"pid\":%d," fmt "}\n", seq, seq + 1, pid, __VA_ARGS__), seq++
		EV(3, "\"type\":\"shmem.create\",\"shmem\":%d,\"npages\":%d", id, 8);
		EV(3, "\"type\":\"map.create\",\"shmem\":%d,\"addr\":\"0x%llx\",\"pgoff\":0,\"pages\":8,\"prot\":\"rw\",\"how\":\"mmap\"", id, a);
		EV(3, "\"type\":\"map.touch\",\"shmem\":%d,\"addr\":\"0x%llx\",\"pgoff\":%d,\"write\":true,\"alloc\":true", id, a + (unsigned long long)(r % 8) * 4096, r % 8);
		EV(kid, "\"type\":\"map.create\",\"shmem\":%d,\"addr\":\"0x%llx\",\"pgoff\":0,\"pages\":8,\"prot\":\"rw\",\"how\":\"fork\"", id, a);
		EV(kid, "\"type\":\"map.touch\",\"shmem\":%d,\"addr\":\"0x%llx\",\"pgoff\":%d,\"write\":false,\"alloc\":false", id, a + (unsigned long long)(r % 8) * 4096, r % 8);
		EV(3, "\"type\":\"sig.generate\",\"target\":%d,\"sig\":%d,\"code\":\"SI_QUEUE\",\"value\":\"0x%x\",\"pending\":\"0x%llx\",\"blocked\":\"0xffffffff00000000\"", kid, 34 + r % 4, r, 1ull << (33 + r % 4));
		EV(kid, "\"type\":\"map.remove\",\"shmem\":%d,\"addr\":\"0x%llx\",\"pgoff\":2,\"pages\":3,\"how\":\"unmap\"", id, a + 2 * 4096);
		EV(kid, "\"type\":\"sig.deliver\",\"sig\":%d,\"handler\":\"0x400\",\"pending\":\"0x0\",\"blocked\":\"0x0\"", 34 + r % 4);
		EV(kid, "\"type\":\"map.remove\",\"shmem\":%d,\"addr\":\"0x%llx\",\"pgoff\":0,\"pages\":2,\"how\":\"exit\"", id, a);
		EV(kid, "\"type\":\"map.remove\",\"shmem\":%d,\"addr\":\"0x%llx\",\"pgoff\":5,\"pages\":3,\"how\":\"exit\"", id, a + 5 * 4096);
		if (r % 2) {   /* every other one outlives its round */
			EV(3, "\"type\":\"map.remove\",\"shmem\":%d,\"addr\":\"0x%llx\",\"pgoff\":0,\"pages\":8,\"how\":\"unmap\"", id, a);
			EV(3, "\"type\":\"shmem.destroy\",\"shmem\":%d", id);
		}
#undef EV
	}
	struct trace t;
	load_k(&t, text, SEEK_TEST_K);
	if (t.ndiags)
		fprintf(stderr, "line %u: %s\n", t.diags[0].line, t.diags[0].msg);
	assert_int_equal(t.ndiags, 0);
	assert_true(t.nsnaps >= 3);
	struct state ref, s;
	state_init(&ref);
	state_init(&s);
	for (size_t i = 0; i < t.n; i++) {
		trace_apply_rec(&t, i, &ref);
		if (i % 7 && i % SEEK_TEST_K && (i + 1) % SEEK_TEST_K)
			continue;
		assert_int_equal(trace_seek(&t, (long)i, &s), 0);
		state_dump(&ref, dumpbuf, sizeof dumpbuf);
		state_dump(&s, dumpbuf2, sizeof dumpbuf2);
		assert_string_equal(dumpbuf, dumpbuf2);
	}
	assert_int_equal(ref.nobjs, rounds / 2);   /* the ones never destroyed */
	state_free(&ref);
	state_free(&s);
	trace_close(&t);
	free(text);
}

/* The mmap lab's trace as the kernel writes it: no problem, the child's touch of its parent's page, and at the end
 * nothing mapped. */
static void test_mappings_from_kernel(void **st)
{
	struct trace t;
	assert_int_equal(trace_open_file(&t, "tests/kernel/traces/good-mmap-shared.jsonl"), 0);
	t.diag_out = NULL;
	trace_set_eof(&t);
	trace_load_all(&t);
	assert_int_equal(t.ndiags, 0);
	int touches = 0, allocs = 0;
	struct state s;
	state_init(&s);
	struct ev_effect fx;
	for (size_t i = 1; i < t.n; i++) {
		effect_of(&t, (long)i, &fx, &s);
		if (fx.verb != FX_TOUCH)
			continue;
		touches++;
		allocs += !!(fx.flags & FXF_ALLOC);
		const struct obj *o = state_obj_by_cat(&s, fx.obj);
		assert_non_null(o);
		assert_int_not_equal(((const struct mmap_blob *)o->blob)->first[fx.n], 0);
	}
	assert_int_equal(touches, 3);   /* the parent's, then each child's */
	assert_int_equal(allocs, 1);
	assert_int_equal(t.head.nobjs, 0);
	state_free(&s);
	trace_close(&t);
}

/* Malformed socket, queue and futex events are reported with their line, and the rest still applies. */
static void test_new_kinds_bad_input(void **st)
{
	struct trace t;
	load(&t, HDR2
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":2,\"type\":\"unix.create\",\"sock\":1,\"sock_type\":\"stream\",\"state\":\"unconnected\",\"queue\":[[\"x\"],[3,1,0,\"abc\"]],\"fd\":3}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":2,\"type\":\"unix.block\",\"sock\":1,\"state\":\"unconnected\"}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":2,\"type\":\"unix.send\",\"sock\":1,\"state\":\"connected\",\"n\":2,\"fds\":[[\"three\",1]]}\n"
	     "{\"seq\":3,\"ts\":4,\"cpu\":0,\"pid\":2,\"type\":\"mq.create\",\"mq\":9,\"name\":\"/q\",\"curmsgs\":1,\"maxmsg\":4,\"msgsize\":8,\"qsize\":2,\"msgs\":[7]}\n"
	     "{\"seq\":4,\"ts\":5,\"cpu\":0,\"pid\":2,\"type\":\"futex.wait\",\"uaddr\":42}\n"
	     "{\"seq\":5,\"ts\":6,\"cpu\":0,\"pid\":2,\"type\":\"futex.wake\",\"uaddr\":\"0x10\",\"woken\":[77]}\n"
	     "{\"seq\":6,\"ts\":7,\"cpu\":0,\"pid\":2,\"type\":\"unix.gc\",\"collected\":5}\n"
	     "{\"seq\":7,\"ts\":8,\"cpu\":0,\"pid\":2,\"type\":\"futex.requeue\",\"uaddr\":\"0x10\",\"uaddr2\":\"0x14\",\"n\":1}\n");
	assert_int_equal(t.n, 8);
	assert_true(has_diag(&t, 2, "queue entries should be"));
	assert_true(has_diag(&t, 3, "op"));
	assert_true(has_diag(&t, 4, "fds entries should be"));
	assert_true(has_diag(&t, 5, "msgs entries should be"));
	assert_true(has_diag(&t, 6, "uaddr"));
	assert_true(has_diag(&t, 8, "collected"));
	const struct unix_blob *b = state_obj(&t.head, OBJ_UNIX, 1)->blob;
	assert_int_equal(b->nq, 1);   /* the good entry stays */
	assert_string_equal(b->q[0].preview, "abc");
	assert_non_null(state_obj(&t.head, OBJ_MQ, 9));
	assert_int_equal(t.head.nobjs, 2);   /* no futex: nobody the model knows slept on 0x10; the requeue moves nobody */
	trace_close(&t);
}

/* The log shows a process's name as it was at each event: before its exec, the name it had then. */
static void test_names_as_they_were(void **st)
{
	struct trace t;
	load(&t, HDR
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"proc.fork\",\"child\":2,\"name\":\"sh\",\"ppid\":1}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":2,\"type\":\"trace.mark\",\"text\":\"before\"}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":2,\"type\":\"proc.exec\",\"name\":\"cat\",\"ppid\":1,\"path\":\"/bin/cat\",\"argv\":[\"cat\"]}\n"
	     "{\"seq\":3,\"ts\":4,\"cpu\":0,\"pid\":2,\"type\":\"trace.mark\",\"text\":\"after\"}\n");
	assert_string_equal(trace_proc_name(&t, 2, 1), "sh");
	assert_string_equal(trace_proc_name(&t, 2, 2), "cat");
	assert_string_equal(trace_proc_name(&t, 2, 3), "cat");
	assert_string_equal(state_proc(&t.head, 2)->name, "cat");
	assert_null(trace_proc_name(&t, 9, 3));
	trace_close(&t);
}

/* proc.pgrp (setpgid, setsid) sets a process's group and session; fork passes them on. */
static void test_process_groups(void **st)
{
	struct trace t;
	load(&t, HDR2
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"proc.fork\",\"child\":3,\"name\":\"sh\",\"ppid\":1}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":1,\"type\":\"proc.pgrp\",\"target\":3,\"pgid\":3,\"sid\":1}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":3,\"type\":\"proc.fork\",\"child\":4,\"name\":\"sh\",\"ppid\":3}\n");
	assert_int_equal(t.ndiags, 0);
	assert_int_equal(state_proc(&t.head, 3)->pgid, 3);
	assert_int_equal(state_proc(&t.head, 4)->pgid, 3);
	assert_int_equal(state_proc(&t.head, 4)->sid, 1);
	trace_close(&t);
}

/* The terminal (tty.pgrp, tty.signal): the session and foreground group it holds; a key's signals, sig.generate
 * from pid 0 to each live process of the group, are told from the kernel's own (they start at the terminal, with
 * the key); malformed terminal events are reported by line. Event order as ipclab's kernel writes it for
 * `yes | head` then ^C (traces/FORMAT.md, "The terminal"). */
static void test_terminal(void **st)
{
	struct trace t;
	struct state s;
	struct ev_effect fx;
	state_init(&s);
	load(&t, HDR2
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":2,\"type\":\"proc.pgrp\",\"target\":2,\"pgid\":2,\"sid\":2}\n"        /* 2 */
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":2,\"type\":\"tty.pgrp\",\"tty\":0,\"session\":2,\"pgrp\":2}\n"         /* 3 */
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":2,\"type\":\"proc.fork\",\"child\":5,\"name\":\"sh\",\"ppid\":2}\n"
	     "{\"seq\":3,\"ts\":4,\"cpu\":0,\"pid\":2,\"type\":\"proc.pgrp\",\"target\":5,\"pgid\":5,\"sid\":2}\n"
	     "{\"seq\":4,\"ts\":5,\"cpu\":0,\"pid\":2,\"type\":\"proc.fork\",\"child\":6,\"name\":\"sh\",\"ppid\":2}\n"
	     "{\"seq\":5,\"ts\":6,\"cpu\":0,\"pid\":2,\"type\":\"proc.pgrp\",\"target\":6,\"pgid\":5,\"sid\":2}\n"
	     "{\"seq\":6,\"ts\":7,\"cpu\":0,\"pid\":5,\"type\":\"tty.pgrp\",\"tty\":0,\"session\":2,\"pgrp\":5}\n"         /* 8 */
	     "{\"seq\":7,\"ts\":8,\"cpu\":0,\"pid\":0,\"type\":\"tty.signal\",\"tty\":0,\"key\":\"^C\",\"sig\":2,\"pgrp\":5}\n" /* 9 */
	     "{\"seq\":8,\"ts\":9,\"cpu\":0,\"pid\":0,\"type\":\"sig.generate\",\"target\":5,\"sig\":2,\"pending\":\"0x2\",\"blocked\":\"0x0\"}\n"
	     "{\"seq\":9,\"ts\":10,\"cpu\":0,\"pid\":0,\"type\":\"sig.generate\",\"target\":6,\"sig\":2,\"pending\":\"0x2\",\"blocked\":\"0x0\"}\n"
	     /* the kernel's own SIGINT to the same group, after the key's two: not from the key */
	     "{\"seq\":10,\"ts\":11,\"cpu\":0,\"pid\":0,\"type\":\"sig.generate\",\"target\":5,\"sig\":2,\"pending\":\"0x2\",\"blocked\":\"0x0\"}\n"
	     "{\"seq\":11,\"ts\":12,\"cpu\":0,\"pid\":0,\"type\":\"tty.signal\",\"tty\":0,\"key\":\"^\\\\\",\"sig\":3,\"pgrp\":5}\n" /* 13 */
	     "{\"seq\":12,\"ts\":13,\"cpu\":0,\"pid\":0,\"type\":\"sig.ignore\",\"target\":6,\"sig\":3}\n"
	     "{\"seq\":13,\"ts\":14,\"cpu\":0,\"pid\":2,\"type\":\"tty.pgrp\",\"tty\":0,\"session\":0,\"pgrp\":0}\n"       /* 15 */
	     /* malformed */
	     "{\"seq\":14,\"ts\":15,\"cpu\":0,\"pid\":0,\"type\":\"tty.signal\",\"tty\":0,\"key\":\"hello\",\"sig\":2,\"pgrp\":5}\n" /* 16 */
	     "{\"seq\":15,\"ts\":16,\"cpu\":0,\"pid\":0,\"type\":\"tty.signal\",\"tty\":0,\"key\":\"^C\",\"sig\":99,\"pgrp\":5}\n"   /* 17 */
	     "{\"seq\":16,\"ts\":17,\"cpu\":0,\"pid\":0,\"type\":\"tty.signal\",\"tty\":0,\"key\":\"^C\",\"sig\":2}\n"              /* 18 */
	     "{\"seq\":17,\"ts\":18,\"cpu\":0,\"pid\":2,\"type\":\"tty.pgrp\",\"tty\":0,\"session\":\"two\",\"pgrp\":2}\n"         /* 19 */
	     "{\"seq\":18,\"ts\":19,\"cpu\":0,\"pid\":2,\"type\":\"tty.pgrp\",\"tty\":-1,\"session\":2,\"pgrp\":2}\n"              /* 20 */
	     "{\"seq\":19,\"ts\":20,\"cpu\":0,\"pid\":2,\"type\":\"tty.pgrp\",\"tty\":0,\"session\":2,\"pgrp\":5000000}\n");     /* 21 */
	for (uint32_t line = 2; line <= 15; line++)   /* the valid events have no problem */
		assert_false(has_diag(&t, line, ""));
	assert_false(has_diag(&t, 0, "unknown event type"));
	effect_of(&t, 6, &fx, &s);
	assert_int_equal(fx.verb, FX_TTY_PGRP);
	assert_int_equal(fx.n, 5);
	assert_int_equal(fx.npids, 2);   /* the pipeline's two processes now own the terminal */
	const struct obj *o = state_obj(&s, OBJ_TTY, 0);
	assert_non_null(o);
	assert_int_equal(((const struct tty_blob *)o->blob)->session, 2);
	assert_int_equal(((const struct tty_blob *)o->blob)->pgrp, 5);
	effect_of(&t, 7, &fx, &s);
	assert_int_equal(fx.verb, FX_TTY_SIGNAL);
	assert_string_equal(fx.text, "^C");
	assert_int_equal(fx.sig, 2);
	assert_int_equal(fx.npids, 2);
	assert_int_equal(fx.obj, o->cat);
	for (int i = 8; i <= 9; i++) {   /* the key's two signals */
		effect_of(&t, i, &fx, &s);
		assert_int_equal(fx.verb, FX_SIG_GENERATE);
		assert_true(fx.flags & FXF_TTY);
		assert_string_equal(fx.text, "^C");
		assert_int_equal(fx.obj, o->cat);
		assert_int_equal(t.recs[i].obj, o->cat);
	}
	effect_of(&t, 10, &fx, &s);   /* one more than the group's processes: the kernel's */
	assert_false(fx.flags & FXF_TTY);
	assert_int_equal(fx.obj, -1);
	effect_of(&t, 12, &fx, &s);   /* ^\ whose SIGQUIT a process ignores */
	assert_int_equal(fx.verb, FX_SIG_IGNORE);
	assert_true(fx.flags & FXF_TTY);
	assert_string_equal(fx.text, "^\\");
	effect_of(&t, 13, &fx, &s);
	assert_string_equal(fx.text, "session");
	assert_int_equal(((const struct tty_blob *)state_obj(&s, OBJ_TTY, 0)->blob)->session, 0);
	assert_true(has_diag(&t, 16, "not a control key"));
	assert_true(has_diag(&t, 17, "out of range"));
	assert_true(has_diag(&t, 18, "'pgrp'"));
	assert_true(has_diag(&t, 19, "'session' should be an integer"));
	assert_true(has_diag(&t, 20, "tty -1 out of range"));
	assert_true(has_diag(&t, 21, "pid 5000000 out of range"));
	state_free(&s);
	trace_close(&t);
}

/* A name the trace has no event for (prctl(PR_SET_NAME): busybox runs `yes` and `head` in forked shells without
 * execve) is taken from the next sched.switch to the process (next_name) or from its proc.exit; the log keeps the
 * name each event had. */
static void test_renamed_without_exec(void **st)
{
	struct trace t;
	load(&t, HDR2
	     "{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":2,\"type\":\"proc.fork\",\"child\":5,\"name\":\"sh\",\"ppid\":2}\n"
	     "{\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":2,\"type\":\"proc.fork\",\"child\":6,\"name\":\"sh\",\"ppid\":2}\n"
	     "{\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":2,\"type\":\"sched.switch\",\"next\":5,\"next_name\":\"yes\",\"prev_state\":\"sleeping\",\"wchan\":\"wait4\"}\n"
	     "{\"seq\":3,\"ts\":4,\"cpu\":0,\"pid\":6,\"type\":\"proc.exit\",\"name\":\"head\",\"ppid\":2,\"status\":0,\"code\":0}\n");
	assert_int_equal(t.ndiags, 0);
	assert_string_equal(state_proc(&t.head, 5)->name, "yes");
	assert_string_equal(state_proc(&t.head, 6)->name, "head");
	assert_string_equal(trace_proc_name(&t, 5, 1), "sh");   /* as it was before the switch */
	assert_string_equal(trace_proc_name(&t, 5, 2), "yes");
	trace_close(&t);
}

/* Regressions found by fuzzing and review: extreme seqs (signed overflow and negation were undefined
 * behaviour), pids that would truncate into another process, ids out of range: each reported by line. */
static void test_extreme_values_reported(void **st)
{
	struct trace t;
	load(&t, HDR
	     "{\"seq\":9223372036854775807,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n"
	     "{\"seq\":-9223372036854775808,\"ts\":2,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n"
	     "{\"seq\":99999999999999999999,\"ts\":3,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n"
	     "{\"seq\":3,\"ts\":4,\"cpu\":0,\"pid\":4294967297,\"type\":\"trace.mark\",\"text\":\"x\"}\n"
	     "{\"seq\":4,\"ts\":5,\"cpu\":300,\"pid\":1,\"type\":\"proc.fork\",\"child\":-3,\"name\":\"x\",\"ppid\":1}\n"
	     "{\"seq\":5,\"ts\":6,\"cpu\":0,\"pid\":1,\"type\":\"sem.create\",\"semid\":4294967296,\"key\":0,\"nsems\":0,\"mode\":0,\"sems\":[]}\n"
	     "{\"seq\":6,\"ts\":7,\"cpu\":0,\"pid\":1,\"type\":\"sig.generate\",\"target\":5000000,\"sig\":10,\"pending\":\"0x200\"}\n"
	     "{\"seq\":7,\"ts\":8,\"cpu\":0,\"pid\":1,\"type\":\"pipe.wake\",\"pipe\":2,\"op\":\"read\",\"woken\":[4294967297,2],\"head\":0,\"tail\":0,\"cap\":16}\n");
	assert_int_equal(t.n, 8);
	assert_true(has_diag(&t, 2, "should be an integer") || has_diag(&t, 2, "out of range"));
	assert_true(has_diag(&t, 3, "out of range"));
	assert_true(has_diag(&t, 3, "field 'seq': -9.22e+18 out of range (beyond 64 bits)"));   /* not 17 digits */
	assert_true(has_diag(&t, 4, "field 'seq': 1e+20 out of range"));
	assert_true(has_diag(&t, 5, "pid 4294967297 out of range"));
	assert_int_equal(t.recs[3].pid, -1);
	assert_true(t.recs[3].flags & EVF_BAD);   /* not applied as pid 1 (4294967297 truncated) */
	assert_true(has_diag(&t, 6, "cpu 300 out of range"));
	assert_true(has_diag(&t, 6, "pid -3 out of range"));
	assert_true(has_diag(&t, 7, "semid 4294967296 out of range"));
	assert_null(state_obj(&t.head, OBJ_SEM, 0));
	assert_true(has_diag(&t, 8, "pid 5000000 out of range"));
	assert_true(has_diag(&t, 9, "pid 4294967297 out of range"));
	trace_close(&t);
}

/* Bytes a pipe holds are known whenever the trace carried them, however long ago they were written. */
static void test_old_pipe_bytes_known(void **st)
{
	static char text[1 << 16];
	size_t u = (size_t)snprintf(text, sizeof text, HDR
		"{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"pipe.create\",\"pipe\":1,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":1,\"writers\":1}\n");
	for (int i = 0; i < 40; i++)   /* 40 writes of 100 bytes, each carrying its first 64 */
		u += (size_t)snprintf(text + u, sizeof text - u,
			"{\"seq\":%d,\"ts\":%d,\"cpu\":0,\"pid\":1,\"type\":\"pipe.write\",\"pipe\":1,\"n\":100,\"data\":\"%c%063d\",\"head\":%d,\"tail\":0,\"cap\":65536}\n",
			i + 1, i + 2, 'A' + i % 26, i, (i + 1) * 100);
	struct trace t;
	load(&t, text);
	assert_int_equal(t.ndiags, 0);
	const struct obj *o = state_obj(&t.head, OBJ_PIPE, 1);
	assert_false(pipe_known(o->blob, 0));   /* long out of the shadow ring */
	uint8_t b;
	assert_true(trace_pipe_byte(&t, o->cat, 0, &b) && b == 'A');
	assert_true(trace_pipe_byte(&t, o->cat, 1700, &b) && b == 'R');
	assert_false(trace_pipe_byte(&t, o->cat, 1770, &b));   /* byte 70 of a write: not carried */
	trace_close(&t);
}

/* The build pass takes seq, ts, cpu, pid and type from the index scan only when the scan read them as the
 * parser does (scanned = 1); wherever the two could differ (escaped or NUL-carrying keys, repeated keys of the
 * wrong type, values the parser's double rounds, out of range), the parser's reading and its reports win. */
static void test_common_fields_as_parsed(void **st)
{
	static const char text[] = HDR
		"{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n"                    /* 2: plain */
		"{\"se\\u0071\":7,\"seq\":1,\"ts\":2,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n"   /* 3: seq 7 */
		"{\"seq\":\"2\",\"seq\":2,\"ts\":3,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n"    /* 4 */
		"{\"seq\":3,\"ts\":9007199254740993,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n"  /* 5: 2^53 */
		"{\"seq\":4,\"ts\":5,\"cpu\":0,\"pid\":1,\"type\":\"trace.m\\u0061rk\",\"text\":\"x\"}\n"           /* 6: a mark */
		"{\"seq\":5,\"ts\":6,\"cpu\":0,\"pid\":1,\"type\":5,\"type\":\"trace.mark\",\"text\":\"x\"}\n"       /* 7 */
		"{\"seq\":6,\"ts\":7,\"cpu\":0,\"pid\":1,\"ty\\u0070e\":\"frob.x\",\"type\":\"trace.mark\"}\n"      /* 8 */
		"{\"seq\":7,\"ts\":-1,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n"                /* 9 */
		"{\"seq\0x\":9,\"seq\":8,\"ts\":9,\"cpu\":0,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n"   /* 10: seq 9 */
		"{\"seq\":10,\"ts\":10,\"cpu\":256,\"pid\":1,\"type\":\"trace.mark\",\"text\":\"x\"}\n"             /* 11 */
		"{\"seq\":11,\"ts\":11,\"cpu\":1,\"pid\":2,\"type\":\"trace.mark\",\"text\":\"x\"}\n"               /* 12: plain */
		"{\"seq\":9007199254740993,\"ts\":12,\"cpu\":1,\"pid\":2,\"type\":\"trace.mark\",\"text\":\"x\"}\n" /* 13: 2^53+1 */
		"{\"seq\":13,\"ts\":1234567890123456789,\"cpu\":1,\"pid\":2,\"type\":\"trace.mark\"}\n"          /* 14: 19 digits */
		"{\"seq\":14,\"ts\":14,\"cpu\":1,\"pid\":4194305,\"type\":\"trace.mark\",\"text\":\"x\"}\n";       /* 15 */
	size_t len = sizeof text - 1;   /* line 10 holds a NUL */
	struct trace t;
	assert_int_equal(trace_open_mem(&t, text, len, "test"), 0);
	t.diag_out = NULL;
	trace_set_eof(&t);
	trace_load_all(&t);
	assert_int_equal(t.n, 14);
	static const uint8_t scanned[14] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 };
	for (int i = 0; i < 14; i++)
		assert_int_equal(t.recs[i].scanned, scanned[i]);
	assert_int_equal(t.recs[1].seq, 7);
	assert_true(has_diag(&t, 4, "field 'seq' should be an integer"));
	assert_int_equal(t.recs[3].ts, 9007199254740992ull);
	assert_true(t.recs[4].flags & EVF_MARK);
	assert_true(has_diag(&t, 7, "field 'type' should be a string"));
	assert_true(t.recs[5].flags & EVF_BAD);
	assert_true(has_diag(&t, 8, "unknown event type 'frob.x'"));
	assert_true(has_diag(&t, 9, "ts -1 is negative"));
	assert_int_equal(t.recs[8].seq, 9);
	assert_true(has_diag(&t, 11, "cpu 256 out of range"));
	assert_int_equal(t.recs[10].cpu, 1);
	assert_int_equal(t.recs[10].pid, 2);
	assert_int_equal(t.recs[11].seq, 9007199254740992ll);   /* the parser's double */
	assert_int_equal(t.recs[12].ts, 1234567890123456768ull);
	assert_true(has_diag(&t, 15, "pid 4194305 out of range"));
	trace_close(&t);
	compare_loaders(text, len);   /* the two-thread loader reads them the same */
}

/* The flat reader (fjson_object_more) takes a line only when it can read it exactly as the tree parser would,
 * and hands every other line over untouched (no arena memory kept): not an object, a byte-order mark, more
 * members than asked, anything malformed. What it takes is what the tree holds, member by member. */
static void test_flat_reader_boundary(void **st)
{
	static const char *const refused[] = {
		"", "   ", "[1,2]", "\"x\"", "7", "\xef\xbb\xbf{\"a\":1}", "{\"a\":1} x", "{\"a\":1,}", "{\"a\":tru}",
		"{\"a\" 1}", "{\"a\":1", "{\"a\":\"\\q\"}", "{\"a\":[1,}", "{a:1}", "{\"a\":1}{}", "{\"a\":\"\\ud800\"}",
		"{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}",   /* five members, four allowed below */
	};
	static const char *const taken[] = {
		"{}", " { } ", "{\"a\":1,\"b\":2,\"c\":3,\"d\":4}", "{\"se\\u0071\":7,\"seq\":8}", "{\"k\":\"x\\u0000y\"}",
		"{\"a\":[1,{\"b\":[]}],\"o\":{\"p\":null}}", "{ \"t\" : true ,\"f\":false,\"n\":null }\t",
		"{\"x\":-0,\"y\":1.5e3,\"z\":123456789012345678901,\"w\":-9}", "{\"a\":1,\"a\":\"again\"}",
	};
	struct fjson fj = { 0 }, ref = { 0 };
	struct fjson_obj o;
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		const char *s = refused[i];
		assert_int_equal(fjson_begin(&fj, 64), 0);
		assert_int_equal(fjson_object_more(&fj, s, strlen(s), 4, &o), 0);
		assert_true(fj.nnodes == 0 && fj.nstrs == 0 && fj.nmems == 0);   /* nothing kept */
	}
	for (size_t i = 0; i < sizeof taken / sizeof *taken; i++) {
		const char *s = taken[i];
		assert_int_equal(fjson_begin(&fj, 64), 0);
		assert_int_equal(fjson_object_more(&fj, s, strlen(s), 4, &o), 1);
		cJSON *j = fjson_parse(&ref, s, strlen(s), NULL);
		assert_true(cJSON_IsObject(j));
		const cJSON *c = j->child;
		for (int k = 0; k < o.n; k++, c = c->next) {
			const struct fjson_member *m = &o.m[k];
			assert_non_null(c);
			assert_string_equal(m->key, c->string);
			assert_int_equal(m->tag, fjson_key_tag(c->string));
			assert_int_equal(m->type, c->type);
			if (m->type == cJSON_String) {
				assert_int_equal(m->valueint, c->valueint);
				assert_memory_equal(m->v.str, c->valuestring, (size_t)c->valueint + 1);
			} else if (m->type == cJSON_Number) {
				assert_true(m->v.num == c->valuedouble && m->valueint == c->valueint);
			} else if (m->type == cJSON_Array || m->type == cJSON_Object) {
				char *x = cJSON_PrintUnformatted(m->v.tree), *y = cJSON_PrintUnformatted(c);
				assert_string_equal(x, y);
				cJSON_free(x);
				cJSON_free(y);
			} else {
				assert_int_equal(m->valueint, c->valueint);
			}
		}
		assert_null(c);   /* as many members as the tree has */
	}
	fjson_free(&fj);
	fjson_free(&ref);
	/* a line of more than EV_IX_MAX members goes to the tree; the events read either way apply the same */
	static char text[1 << 14];
	size_t u = (size_t)snprintf(text, sizeof text, HDR
		"{\"seq\":0,\"ts\":1,\"cpu\":0,\"pid\":1,\"type\":\"pipe.create\",\"pipe\":1,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":1,\"writers\":1}\n");
	for (int i = 0; i < 4; i++) {   /* the same write with 0, 12, 19 and 20 extra members: 24 and 25 in all */
		u += (size_t)snprintf(text + u, sizeof text - u, "{\"seq\":%d,\"ts\":%d,\"cpu\":0,\"pid\":1,\"type\":\"pipe.write\",\"pipe\":1,"
				      "\"n\":3,\"data\":\"a\\u0000b\",\"head\":%d,\"tail\":0,\"cap\":65536", i + 1, i + 2, 3 * (i + 1));
		for (int k = 0; k < (int[]){ 0, 12, 19, 20 }[i]; k++)
			u += (size_t)snprintf(text + u, sizeof text - u, ",\"x%d\":%d", k, k);
		u += (size_t)snprintf(text + u, sizeof text - u, "}\n");
	}
	u += (size_t)snprintf(text + u, sizeof text - u, "{\"seq\":5,\"ts\":6,\"cpu\":0,\"pid\":\"1\",\"type\":\"pipe.read\",\"pipe\":1}\n"
			      "{\"seq\":6,\"ts\":7,\"cpu\":0,\"pid\":1,\"type\":\"pipe.read\",\"pipe\":1,\"n\":\"3\"}\n");
	compare_loaders(text, u);
	struct trace t;
	load(&t, text);
	assert_true(has_diag(&t, 7, "field 'pid' should be an integer"));
	assert_true(has_diag(&t, 8, "field 'n' should be an integer"));
	const struct obj *p = state_obj(&t.head, OBJ_PIPE, 1);
	uint8_t b;
	assert_true(trace_pipe_byte(&t, p->cat, 8, &b) && b == 'b');    /* the third write (read flat): after its \u0000 */
	assert_true(trace_pipe_byte(&t, p->cat, 11, &b) && b == 'b');   /* the fourth (read as a tree) */
	trace_close(&t);
}

static void test_record_size(void **st)
{
	assert_true(sizeof(struct ev_rec) <= 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe_sequence),
		cmocka_unit_test(test_common_fields_as_parsed),
		cmocka_unit_test(test_flat_reader_boundary),
		cmocka_unit_test(test_pipe_wake_close_frees),
		cmocka_unit_test(test_sem_sequence),
		cmocka_unit_test(test_msg_and_shm),
		cmocka_unit_test(test_socketpair_and_overflow),
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_threads_and_futexes),
		cmocka_unit_test(test_unix_sockets_from_kernel),
		cmocka_unit_test(test_mqueue_from_kernel),
		cmocka_unit_test(test_futex_from_kernel),
		cmocka_unit_test(test_new_kinds_bad_input),
		cmocka_unit_test(test_socket_deadlock),
		cmocka_unit_test(test_seek_equals_replay_new_kinds),
		cmocka_unit_test(test_shared_mappings),
		cmocka_unit_test(test_rt_signal_values),
		cmocka_unit_test(test_seek_equals_replay_mappings),
		cmocka_unit_test(test_mappings_from_kernel),
		cmocka_unit_test(test_mqueue_sleeps),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_newer_version_refused),
		cmocka_unit_test(test_no_header_still_loads),
		cmocka_unit_test(test_seek_equals_replay),
		cmocka_unit_test(test_incremental_feed),
		cmocka_unit_test(test_sample_traces_clean),
		cmocka_unit_test(test_parallel_loader),
		cmocka_unit_test(test_record_size),
		cmocka_unit_test(test_v2_pipe_write_after_wakes),
		cmocka_unit_test(test_fifo_open_wakes),
		cmocka_unit_test(test_sem_block_names_its_semaphore),
		cmocka_unit_test(test_deadlock_knot),
		cmocka_unit_test(test_names_as_they_were),
		cmocka_unit_test(test_extreme_values_reported),
		cmocka_unit_test(test_old_pipe_bytes_known),
		cmocka_unit_test(test_process_groups),
		cmocka_unit_test(test_terminal),
		cmocka_unit_test(test_renamed_without_exec),
	};
	return cmocka_run_group_tests_name("tracer-model", tests, NULL, NULL);
}
