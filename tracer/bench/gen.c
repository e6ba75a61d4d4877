/* tracer/bench/gen.c: a synthetic trace for benchmarks: 17 processes and 15 IPC objects of every kind (pipes,
 * a FIFO, a socketpair, semaphore sets, message queues, shared memory) doing a realistic mix of operations,
 * with blocks and wake-ups, signals and marks, and consistent state fields. */
#include <stdio.h>
#include <stdint.h>
#include "gen.h"

int bench_generate(FILE *o, long nevents)
{
	enum { NP = 17, NPIPE = 5, NSEM = 3, NMSG = 3, NSHM = 3 };   /* pipe NPIPE-1 is a FIFO; 2 rings of a socketpair */
	uint64_t head[NPIPE + 2] = { 0 }, tail[NPIPE + 2] = { 0 };
	int semval[NSEM] = { 0 }, qnum[NMSG] = { 0 }, nattch[NSHM] = { 0 };
	int sem_sleeper[NSEM] = { 0 };
	uint64_t ts = 1000000, rnd = 88172645463325252ull;
	long seq = 0;
	fprintf(o, "{\"type\":\"trace.header\",\"format\":\"ipclab-trace\",\"version\":2,\"kernel\":\"ipclab bench\",\"bootargs\":\"\",\"timer_hz\":62500000,\"data_max\":64}\n");
#define EV(pid, fmt, ...) fprintf(o, "{\"seq\":%ld,\"ts\":%llu,\"cpu\":0,\"pid\":%d," fmt "}\n", seq++, (unsigned long long)(ts += 1000 + rnd % 5000), pid, __VA_ARGS__)
#define PIPE_ST(i) "\"head\":%llu,\"tail\":%llu,\"cap\":65536,\"readers\":1,\"writers\":1"
	for (int p = 2; p <= NP; p++)
		EV(1, "\"type\":\"proc.fork\",\"child\":%d,\"name\":\"worker%d\",\"ppid\":1", p, p);
	for (int i = 0; i < NPIPE - 1; i++)
		EV(1, "\"type\":\"pipe.create\",\"pipe\":%d,\"fds\":[%d,%d],\"flags\":0,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":1,\"writers\":1", i + 1, 3 + 2 * i, 4 + 2 * i);
	EV(2, "\"type\":\"fifo.open\",\"pipe\":%d,\"head\":0,\"tail\":0,\"cap\":65536,\"readers\":1,\"writers\":1,\"fifo\":\"/tmp/bench.fifo\",\"mode\":\"rw\"", NPIPE);
	EV(1, "\"type\":\"sock.create\",\"sock\":1,\"sock_type\":\"stream\",\"fds\":[20,21],\"pipes\":[%d,%d]", NPIPE + 1, NPIPE + 2);
	for (int i = 0; i < NSEM; i++)
		EV(1, "\"type\":\"sem.create\",\"semid\":%d,\"key\":%d,\"nsems\":2,\"mode\":384,\"sems\":[{\"val\":0,\"pid\":0,\"ncnt\":[],\"zcnt\":[]},{\"val\":0,\"pid\":0,\"ncnt\":[],\"zcnt\":[]}]", i, 100 + i);
	for (int i = 0; i < NMSG; i++)
		EV(1, "\"type\":\"msg.create\",\"msqid\":%d,\"key\":%d,\"mode\":384,\"qbytes\":16384", 10 + i, 200 + i);
	for (int i = 0; i < NSHM; i++)
		EV(1, "\"type\":\"shm.create\",\"shmid\":%d,\"key\":%d,\"mode\":384,\"size\":65536", 20 + i, 300 + i);
	while (seq < nevents) {
		rnd ^= rnd << 13, rnd ^= rnd >> 7, rnd ^= rnd << 17;
		int pid = 1 + (int)(rnd % NP), k = (int)((rnd >> 8) % 100);
		if (k < 28) {   /* a write into a pipe, the FIFO or a socket ring */
			int i = (int)((rnd >> 16) % (NPIPE + 2));
			if (head[i] - tail[i] < 60000) {
				unsigned long stamp = (unsigned long)seq;
				head[i] += 24;
				if (i < NPIPE)
					EV(pid, "\"type\":\"pipe.write\",\"pipe\":%d,\"n\":24,\"data\":\"message %08lu bytes..\\u000a\"," PIPE_ST(i) "%s",
					   i + 1, stamp, (unsigned long long)head[i], (unsigned long long)tail[i], i == NPIPE - 1 ? ",\"fifo\":\"/tmp/bench.fifo\"" : "");
				else
					EV(pid, "\"type\":\"pipe.write\",\"pipe\":%d,\"n\":24,\"data\":\"message %08lu bytes..\\u000a\"," PIPE_ST(i) ",\"sock\":1",
					   i + 1, stamp, (unsigned long long)head[i], (unsigned long long)tail[i]);
			}
		} else if (k < 50) {   /* a read */
			int i = (int)((rnd >> 16) % (NPIPE + 2));
			uint64_t n = head[i] - tail[i] < 24 ? head[i] - tail[i] : 24;
			tail[i] += n;
			EV(pid, "\"type\":\"pipe.read\",\"pipe\":%d,\"n\":%llu,\"data\":\"message bytes\"," PIPE_ST(i) "%s",
			   i + 1, (unsigned long long)n, (unsigned long long)head[i], (unsigned long long)tail[i],
			   i == NPIPE - 1 ? ",\"fifo\":\"/tmp/bench.fifo\"" : i >= NPIPE ? ",\"sock\":1" : "");
		} else if (k < 66) {   /* a semop: a P that must wait, or a V that wakes the sleeper */
			int i = (int)((rnd >> 16) % NSEM), up = (rnd >> 24) & 1;
			if (!up && semval[i] == 0 && !sem_sleeper[i] && pid != 1) {
				sem_sleeper[i] = pid;
				EV(pid, "\"type\":\"sem.block\",\"semid\":%d,\"sops\":[[0,-1,4096]],\"sems\":[{\"val\":0,\"pid\":%d,\"ncnt\":[%d],\"zcnt\":[]},{\"val\":0,\"pid\":0,\"ncnt\":[],\"zcnt\":[]}]",
				   i, pid, pid);
			} else if (up && sem_sleeper[i] && sem_sleeper[i] != pid) {
				EV(pid, "\"type\":\"sem.wake\",\"semid\":%d,\"woken\":[%d],\"sems\":[{\"val\":0,\"pid\":%d,\"ncnt\":[],\"zcnt\":[]},{\"val\":0,\"pid\":0,\"ncnt\":[],\"zcnt\":[]}]",
				   i, sem_sleeper[i], sem_sleeper[i]);
				sem_sleeper[i] = 0;
			} else if (up || semval[i] > 0) {
				semval[i] += up ? 1 : -1;
				EV(pid, "\"type\":\"sem.op\",\"semid\":%d,\"sops\":[[0,%d,4096]],\"sems\":[{\"val\":%d,\"pid\":%d,\"ncnt\":[%s],\"zcnt\":[]},{\"val\":0,\"pid\":0,\"ncnt\":[],\"zcnt\":[]}]",
				   i, up ? 1 : -1, semval[i], pid, "");
			}
		} else if (k < 78) {   /* a message */
			int i = (int)((rnd >> 16) % NMSG), send = qnum[i] == 0 || ((rnd >> 24) & 1);
			if (qnum[i] >= 3)
				send = 0;
			qnum[i] += send ? 1 : -1;
			const char *msgs[] = { "", "[1,8,\"job 0001\"]", "[1,8,\"job 0001\"],[2,8,\"job 0002\"]", "[1,8,\"job 0001\"],[2,8,\"job 0002\"],[3,8,\"job 0003\"]" };
			EV(pid, "\"type\":\"msg.%s\",\"msqid\":%d,\"mtype\":1,\"size\":8,\"text\":\"job 0001\",\"qnum\":%d,\"cbytes\":%d,\"qbytes\":16384,\"msgs\":[%s]",
			   send ? "send" : "recv", 10 + i, qnum[i], qnum[i] * 8, msgs[qnum[i]]);
		} else if (k < 82) {   /* shared memory */
			int i = (int)((rnd >> 16) % NSHM), att = nattch[i] < 4 ? 1 : 0;
			nattch[i] += att ? 1 : -1;
			char list[256];
			int u = 0;
			for (int a = 0; a < nattch[i]; a++)
				u += snprintf(list + u, sizeof list - (size_t)u, "%s[%d,\"0x7f00000%d0000\"]", a ? "," : "", a + 1, a);
			EV(pid, "\"type\":\"shm.%s\",\"shmid\":%d,\"addr\":\"0x7f0000000000\",\"size\":65536,\"nattch\":%d,\"attaches\":[%s],\"dest\":false",
			   att ? "attach" : "detach", 20 + i, nattch[i], list);
		} else if (k < 86) {   /* a signal, taken by a handler, which returns */
			int target = 2 + (int)((rnd >> 16) % (NP - 1));
			EV(pid, "\"type\":\"sig.generate\",\"target\":%d,\"sig\":10,\"pending\":\"0x200\",\"blocked\":\"0x0\"", target);
			EV(target, "\"type\":\"sig.deliver\",\"sig\":10,\"handler\":\"0x400420\",\"pending\":\"0x0\",\"blocked\":\"0x200\"%s", "");
			EV(target, "\"type\":\"sig.return\",\"sig\":10,\"blocked\":\"0x0\"%s", "");
		} else if (k < 88) {
			long step = seq;
			EV(pid, "\"type\":\"trace.mark\",\"text\":\"step %ld\"", step);
		} else {
			int next = 1 + (int)((rnd >> 16) % NP);
			EV(pid, "\"type\":\"sched.switch\",\"next\":%d,\"next_name\":\"worker\",\"prev_state\":\"running\",\"wchan\":\"\"", next);
		}
	}
	return ferror(o) ? -1 : 0;
}
