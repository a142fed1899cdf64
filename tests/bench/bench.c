// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c - what a message costs through msgslot, its alternatives and
 * the floor, measured in one boot of the benchmark guest.
 *
 * Prints raw figures as CSV on stdout (metric,subject,param,value) and its
 * progress on stderr; tests/bench/report makes the table, the ratios and
 * the goal verdicts from the CSV.  Every figure is the median of REPS
 * repetitions, and the repetitions of the cases compared with each other
 * are interleaved, so a slow moment of the host hits them all alike.
 *
 *   pair_ns        ns per write+read, per mechanism and message size
 *   flat_ns        ns per 128-byte msgslot pair in a slot of N channels
 *   parallel_ops   pairs (or reads) per second with 1 and 2 threads
 *   speedup        2 threads over 1, and that over the floor's, per
 *                  repetition (twice as many as -r says), then the median
 *   memory_bytes   kernel memory per channel at N channels of 16 and 128
 *                  bytes: the MemTotal-MemFree delta (pages on per-CPU
 *                  free lists counted as free), SUnreclaim+VmallocUsed,
 *                  and the driver's own figure
 *   wakeup_ns, waiters_ns, byid_ns   see waiting.c
 *
 * Slots used (the module is loaded with slots=7): slot0 (pairs, threads,
 * wake-ups), slot1 (1,000 channels), slot2 (N channels of 16 bytes), slot3
 * (N of 128 bytes), slot4 (the one channel of the flatness baseline),
 * slot5 and slot6 (writes without and with 10,000 waiting files).
 *
 * Usage: bench [-r REPS] [-n PAIRS] [-t SECONDS] [-c CHANNELS] [-w MICROSECONDS]
 *        bench -l MECHANISM[-write|-read] [-n PAIRS] [-s SIZE]
 * The second form only loops over PAIRS pairs of one mechanism (or, for
 * msgslot and floor, PAIRS writes or reads alone), for a profiler
 * (tests/bench/run --profile) and tests/bench/compare, and prints ns
 * per pair (or call).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "kmem.h"

#define MAX_REPS 31
#define DEV_ONE "/dev/slot0"
#define DEV_SOLE "/dev/slot4"
#define DEV_1K "/dev/slot1"
#define DEV_MEM16 "/dev/slot2"
#define DEV_MEM128 "/dev/slot3"

static int reps = 9;		/* repetitions per figure */
static long pairs = 20000;	/* pairs per timed repetition */
static double run_seconds = 0.3;	/* per thread-run repetition */
static long channels = 1000000;	/* the large slots */
static long pace_us = 1000;	/* the readers run's writer: a write per */

static const size_t sizes[] = { 1, 16, 64, 128 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static char message[MSG_SLOT_MAX_LEN];

static __attribute__((format(printf, 1, 2), noreturn))
void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double percentile(double *v, int n, double p)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[(int)(p * (n - 1) + 0.5)];
}

static void open_way(const struct mechanism *m, struct way *w,
		     const char *dev, unsigned long channel)
{
	if (m->open(w, dev, channel))
		die("%s: cannot open %s: %s", m->name, dev, strerror(errno));
}

/* ns per pair over @n pairs of @len bytes. */
static double time_pairs(const struct mechanism *m, struct way *w,
			 size_t len, long n)
{
	char buf[MSG_SLOT_MAX_LEN];
	double start = now_ns();

	for (long i = 0; i < n; i++)
		if (!m->pair(w, message, len, buf))
			die("%s: a %zu-byte pair failed: %s", m->name, len,
			    strerror(errno));
	return (now_ns() - start) / (double)n;
}

/* A write alone and a read alone, of msgslot and of the floor. */
static bool write_alone(struct way *w, const char *msg, size_t len,
			char buf[MSG_SLOT_MAX_LEN])
{
	(void)buf;
	return msgslot_write_only(w, msg, len);	/* any way's write end */
}

static bool msgslot_read_alone(struct way *w, const char *msg, size_t len,
			       char buf[MSG_SLOT_MAX_LEN])
{
	(void)msg;
	return msgslot_read_only(w, len, buf);
}

/* /dev/zero fills whatever is asked: ask for exactly @len. */
static bool floor_read_alone(struct way *w, const char *msg, size_t len,
			     char buf[MSG_SLOT_MAX_LEN])
{
	(void)msg;
	return read(w->rfd, buf, len) == (ssize_t)len;
}

static const struct mechanism floor_write = {
	"floor_write", "write(2) of /dev/null", NULL, write_alone, NULL,
};
static const struct mechanism floor_read = {
	"floor_read", "read(2) of /dev/zero", NULL, floor_read_alone, NULL,
};
static const struct mechanism slot_write = {
	"msgslot_write", "msgslot write(2)", NULL, write_alone, NULL,
};
static const struct mechanism slot_read = {
	"msgslot_read", "msgslot read(2)", NULL, msgslot_read_alone, NULL,
};

/* Print the median and quartiles of @top[r] / @bottom[r] over the reps. */
static void print_ratio(const char *what, size_t len, const double *top,
			const double *bottom)
{
	double x[MAX_REPS];

	for (int r = 0; r < reps; r++)
		x[r] = top[r] / bottom[r];
	printf("ratio,%s,%zu,%.4f\n", what, len, median(x, reps));
	printf("ratio_q1,%s,%zu,%.4f\n", what, len, percentile(x, reps, 0.25));
	printf("ratio_q3,%s,%zu,%.4f\n", what, len, percentile(x, reps, 0.75));
}

/*
 * The pairs of every mechanism at every size, and at each size a second
 * floor way (the control: what the floor measured against itself says of
 * the noise), and msgslot's write alone and read alone against the
 * floor's.  Repetitions interleave all of them; ratios are taken within
 * a repetition.
 */
static void bench_pairs(void)
{
	enum { CONTROL, FW, FR, SW, SR, NEXTRA };
	static const struct mechanism *const extra[NEXTRA] = {
		&mech_floor, &floor_write, &floor_read, &slot_write, &slot_read,
	};
	static double ns[8][NSIZES][MAX_REPS], xns[NEXTRA][NSIZES][MAX_REPS];
	static double best[NSIZES][MAX_REPS];
	struct way ways[8], control, slot;
	int nmech = 0, fl = -1, ms = -1;

	for (; mechanisms[nmech]; nmech++) {
		open_way(mechanisms[nmech], &ways[nmech], DEV_ONE, 1);
		time_pairs(mechanisms[nmech], &ways[nmech], MSG_SLOT_MAX_LEN,
			   pairs / 10);	/* warm up */
		if (mechanisms[nmech] == &mech_floor)
			fl = nmech;
		if (mechanisms[nmech] == &mech_msgslot)
			ms = nmech;
	}
	open_way(&mech_floor, &control, DEV_ONE, 1);
	open_way(&mech_msgslot, &slot, DEV_ONE, 2);
	for (int r = 0; r < reps; r++) {
		fprintf(stderr, "# pairs: repetition %d of %d\n", r + 1, reps);
		for (size_t s = 0; s < NSIZES; s++) {
			for (int m = 0; m < nmech; m++)
				ns[m][s][r] = time_pairs(mechanisms[m], &ways[m],
							 sizes[s], pairs);
			for (int e = 0; e < NEXTRA; e++)
				xns[e][s][r] = time_pairs(extra[e],
							  e == SW || e == SR ?
							  &slot : &control,
							  sizes[s], pairs);
			best[s][r] = 0;
			for (int m = 0; m < nmech; m++)
				if (m != fl && m != ms &&
				    (!best[s][r] || ns[m][s][r] < best[s][r]))
					best[s][r] = ns[m][s][r];
		}
	}
	for (size_t s = 0; s < NSIZES; s++) {
		print_ratio("msgslot_floor", sizes[s], ns[ms][s], ns[fl][s]);
		print_ratio("control_floor", sizes[s], xns[CONTROL][s], ns[fl][s]);
		print_ratio("msgslot_best", sizes[s], ns[ms][s], best[s]);
		print_ratio("write_floor", sizes[s], xns[SW][s], xns[FW][s]);
		print_ratio("read_floor", sizes[s], xns[SR][s], xns[FR][s]);
	}
	for (int m = 0; m < nmech; m++) {
		for (size_t s = 0; s < NSIZES; s++)
			printf("pair_ns,%s,%zu,%.0f\n", mechanisms[m]->name,
			       sizes[s], median(ns[m][s], reps));
		mechanisms[m]->close(&ways[m]);
	}
	for (int e = 0; e < NEXTRA; e++)
		for (size_t s = 0; s < NSIZES; s++)
			printf("call_ns,%s,%zu,%.0f\n",
			       e == CONTROL ? "control" : extra[e]->name,
			       sizes[s], median(xns[e][s], reps));
	mech_floor.close(&control);
	mech_msgslot.close(&slot);
}

/* Threads of a parallel run. */
enum job { PAIRS, READS, WRITES_PACED };

struct worker {
	const struct mechanism *mech;
	struct way way;
	enum job job;
	long count;
	pthread_t thread;
};

static atomic_bool stop;
static pthread_barrier_t start_line;

static void *work(void *arg)
{
	struct worker *w = arg;
	const struct timespec pace = {
		.tv_sec = pace_us / 1000000, .tv_nsec = pace_us % 1000000 * 1000,
	};
	char buf[MSG_SLOT_MAX_LEN];
	bool ok = true;

	pthread_barrier_wait(&start_line);
	while (ok && !atomic_load_explicit(&stop, memory_order_relaxed)) {
		switch (w->job) {
		case PAIRS:
			ok = w->mech->pair(&w->way, message, sizeof(message),
					   buf);
			break;
		case READS:
			ok = msgslot_read_only(&w->way, sizeof(message), buf);
			break;
		case WRITES_PACED:
			ok = msgslot_write_only(&w->way, message,
						sizeof(message));
			nanosleep(&pace, NULL);
			break;
		}
		w->count++;
	}
	if (!ok)
		die("%s: an operation failed in a thread: %s", w->mech->name,
		    strerror(errno));
	return NULL;
}

/* Parallel runs: what is timed, and by how many threads. */
enum run { RUN_FLOOR, RUN_CHANNELS, RUN_READERS, NRUNS };
static const char *const run_names[NRUNS] = {
	"floor", "msgslot_channels", "msgslot_readers",
};

/* Pairs (or reads) per second of @threads threads doing @run. */
static double time_run(enum run run, int threads)
{
	struct worker workers[3] = { 0 };
	int n = threads, counted = threads;
	double start, seconds;
	struct timespec ts;
	long total = 0;

	for (int i = 0; i < threads; i++) {
		struct worker *w = &workers[i];

		w->mech = run == RUN_FLOOR ? &mech_floor : &mech_msgslot;
		w->job = run == RUN_READERS ? READS : PAIRS;
		/* Own fds, and for RUN_CHANNELS own channels, per thread. */
		open_way(w->mech, &w->way, DEV_ONE,
			 run == RUN_READERS ? 200 : 100 + i);
	}
	if (run == RUN_READERS) {
		/* The readers' channel keeps changing under them (-w). */
		struct worker *w = &workers[n];

		w->mech = &mech_msgslot;
		w->job = WRITES_PACED;
		open_way(w->mech, &w->way, DEV_ONE, 200);
		if (!msgslot_write_only(&w->way, message, sizeof(message)))
			die("readers: first write: %s", strerror(errno));
		if (pace_us)
			n++;
		else
			w->mech->close(&w->way);
	}
	atomic_store(&stop, false);
	pthread_barrier_init(&start_line, NULL, n + 1);
	for (int i = 0; i < n; i++)
		if (pthread_create(&workers[i].thread, NULL, work, &workers[i]))
			die("cannot start a thread");
	pthread_barrier_wait(&start_line);
	start = now_ns();
	ts.tv_sec = (time_t)run_seconds;
	ts.tv_nsec = (long)((run_seconds - (double)ts.tv_sec) * 1e9);
	nanosleep(&ts, NULL);
	atomic_store(&stop, true);
	seconds = (now_ns() - start) / 1e9;
	for (int i = 0; i < n; i++) {
		pthread_join(workers[i].thread, NULL);
		if (i < counted)
			total += workers[i].count;
		workers[i].mech->close(&workers[i].way);
	}
	pthread_barrier_destroy(&start_line);
	return (double)total / seconds;
}

/*
 * Speed-ups are taken within each repetition (its 1- and 2-thread runs
 * ran back to back, next to the floor's) and then the median of those:
 * the host's slow and fast moments cancel out of a ratio of neighbours.
 */
static void bench_parallel(void)
{
	static double ops[NRUNS][2][MAX_REPS];
	static double speedup[NRUNS][MAX_REPS], x_floor[NRUNS][MAX_REPS];
	int preps = reps * 2 > MAX_REPS ? MAX_REPS : reps * 2;

	for (int r = 0; r < preps; r++) {
		fprintf(stderr, "# threads: repetition %d of %d\n", r + 1, preps);
		for (int run = 0; run < NRUNS; run++) {
			for (int t = 1; t <= 2; t++)
				ops[run][t - 1][r] = time_run(run, t);
			speedup[run][r] = ops[run][1][r] / ops[run][0][r];
			x_floor[run][r] = speedup[run][r] / speedup[RUN_FLOOR][r];
		}
	}
	for (int run = 0; run < NRUNS; run++) {
		for (int t = 1; t <= 2; t++)
			printf("parallel_ops,%s,%d,%.0f\n", run_names[run], t,
			       median(ops[run][t - 1], preps));
		printf("speedup,%s,2,%.3f\n", run_names[run],
		       median(speedup[run], preps));
		printf("speedup_x_floor,%s,2,%.3f\n", run_names[run],
		       median(x_floor[run], preps));
	}
}

/* The driver's own figure for the slot behind @dev (/dev/slotN). */
static long driver_memory(const char *dev)
{
	char path[128];
	long bytes = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/msgslot/%s/memory",
		 strrchr(dev, '/') + 1);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%ld", &bytes) != 1)
		die("cannot read %s", path);
	fclose(f);
	return bytes;
}

/* Slab the kernel cannot reclaim, and vmalloc'd memory (hash tables). */
static long kernel_held(void)
{
	return meminfo("SUnreclaim") + meminfo("VmallocUsed");
}

static long kernel_used(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	sync();
	if (fd >= 0) {
		if (write(fd, "3", 1) != 1)
			die("drop_caches: %s", strerror(errno));
		close(fd);
	}
	sleep(1);	/* RCU-deferred frees of resized tables */
	return meminfo("MemTotal") - meminfo("MemFree") - pcp_free();
}

/* @n channels with @len-byte messages under scattered ids in @dev. */
static void fill(const char *dev, long n, size_t len)
{
	int fd = open(dev, O_RDWR);

	if (fd < 0)
		die("open %s: %s", dev, strerror(errno));
	for (long i = 1; i <= n; i++)
		if (ioctl(fd, MSG_SLOT_CHANNEL, (unsigned long)id_scatter(i)) ||
		    write(fd, message, len) != (ssize_t)len)
			die("%s: channel %ld of %ld: %s", dev, i, n,
			    strerror(errno));
	close(fd);
}

static void bench_memory(const char *dev, size_t len)
{
	long used, held, drv;

	fprintf(stderr, "# memory: %ld channels of %zu bytes\n", channels, len);
	used = kernel_used();
	held = kernel_held();
	drv = driver_memory(dev);
	fill(dev, channels, len);
	used = kernel_used() - used;
	held = kernel_held() - held;
	drv = driver_memory(dev) - drv;
	printf("memory_bytes,meminfo,%zu,%.1f\n", len, (double)used / (double)channels);
	printf("memory_bytes,slab_vmalloc,%zu,%.1f\n", len, (double)held / (double)channels);
	printf("memory_bytes,driver,%zu,%.1f\n", len, (double)drv / (double)channels);
}

/* One channel among 1, 1,000 and CHANNELS others. */
static void bench_flat(void)
{
	static const char *const devs[] = { DEV_SOLE, DEV_1K, DEV_MEM16 };
	const long counts[] = { 1, 1000, channels };
	const unsigned long ids[] = {
		1, id_scatter(500), id_scatter(channels / 2),
	};
	static double ns[3][MAX_REPS];
	struct way ways[3];

	fill(DEV_1K, 1000, 16);
	for (int i = 0; i < 3; i++) {
		open_way(&mech_msgslot, &ways[i], devs[i], ids[i]);
		time_pairs(&mech_msgslot, &ways[i], MSG_SLOT_MAX_LEN, pairs / 10);
	}
	for (int r = 0; r < reps; r++) {
		fprintf(stderr, "# flatness: repetition %d of %d\n", r + 1, reps);
		for (int i = 0; i < 3; i++)
			ns[i][r] = time_pairs(&mech_msgslot, &ways[i],
					      MSG_SLOT_MAX_LEN, pairs);
	}
	for (int i = 0; i < 3; i++) {
		printf("flat_ns,msgslot,%ld,%.0f\n", counts[i],
		       median(ns[i], reps));
		mech_msgslot.close(&ways[i]);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: bench [-r REPS] [-n PAIRS] [-t SECONDS] [-c CHANNELS] [-w MICROSECONDS]\n"
		"       bench -l MECHANISM[-write|-read] [-n PAIRS] [-s SIZE]\n");
	exit(2);
}

/*
 * -l NAME: a mechanism's pairs, or NAME-write / NAME-read (msgslot and
 * floor only: a write(2) alone, a read(2) alone of what is there), in a
 * loop, for a profiler and tests/bench/compare.
 */
static int loop_only(const char *name, size_t len)
{
	const struct mechanism *m = NULL;
	struct mechanism alone;
	size_t base = strcspn(name, "-");
	const char *part = name + base;
	struct way w;

	for (int i = 0; mechanisms[i]; i++)
		if (strlen(mechanisms[i]->name) == base &&
		    strncmp(mechanisms[i]->name, name, base) == 0)
			m = mechanisms[i];
	if (!m || len < 1 || len > MSG_SLOT_MAX_LEN)
		usage();
	if (*part) {
		if (m != &mech_floor && m != &mech_msgslot)
			usage();
		alone = *m;
		if (strcmp(part, "-write") == 0)
			alone.pair = write_alone;
		else if (strcmp(part, "-read") == 0)
			alone.pair = m == &mech_floor ? floor_read_alone :
							msgslot_read_alone;
		else
			usage();
		m = &alone;
	}
	open_way(m, &w, DEV_ONE, 1);
	/* Something to read, and a warm-up. */
	if (!write_alone(&w, message, len, NULL))
		die("%s: the first write failed: %s", name, strerror(errno));
	time_pairs(m, &w, len, pairs / 10);
	printf("%s,%zu,%.0f\n", name, len, time_pairs(m, &w, len, pairs));
	m->close(&w);
	return 0;
}

int main(int argc, char **argv)
{
	const char *loop = NULL;
	size_t loop_len = MSG_SLOT_MAX_LEN;
	struct utsname uts;
	int opt;

	while ((opt = getopt(argc, argv, "r:n:t:c:w:l:s:")) != -1) {
		switch (opt) {
		case 'w':
			pace_us = atol(optarg);
			break;
		case 'l':
			loop = optarg;
			break;
		case 's':
			loop_len = strtoul(optarg, NULL, 10);
			break;
		case 'r':
			reps = atoi(optarg);
			break;
		case 'n':
			pairs = atol(optarg);
			break;
		case 't':
			run_seconds = atof(optarg);
			break;
		case 'c':
			channels = atol(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind != argc || reps < 1 || reps > MAX_REPS || pairs < 10 ||
	    run_seconds <= 0 || channels < 1000 || pace_us < 0)
		usage();
	for (size_t i = 0; i < sizeof(message); i++)
		message[i] = (char)('a' + i % 26);
	if (loop)
		return loop_only(loop, loop_len);

	setvbuf(stdout, NULL, _IOLBF, 0);
	uname(&uts);
	printf("metric,subject,param,value\n");
	printf("info,kernel,,%s\n", uts.release);
	printf("info,cpus,,%ld\n", sysconf(_SC_NPROCESSORS_ONLN));
	printf("info,reps,,%d\n", reps);
	printf("info,pairs,,%ld\n", pairs);
	printf("info,writer_pace_us,,%ld\n", pace_us);
	bench_pairs();
	bench_parallel();
	bench_memory(DEV_MEM16, 16);
	bench_memory(DEV_MEM128, 128);
	bench_flat();
	bench_byid(reps, pairs);
	bench_waiters(reps, pairs);
	bench_wakeup();
	return 0;
}
