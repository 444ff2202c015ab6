/* Guest test: System V IPC between a parent and a forked child (Linux man-pages: sysvipc(7), shmget(2),
 * shmat(2), shmctl(2), semget(2), semop(2), semctl(2), msgget(2), msgsnd(2), msgrcv(2), msgctl(2)).
 * Both add to a counter in a shared memory segment, each addition guarded by a semaphore; they pass
 * messages over a message queue (by type, with MSG_NOERROR truncation, IPC_NOWAIT); the control calls
 * read back sizes, counts and values; bad arguments fail as on Linux. Every object is private
 * (IPC_PRIVATE) and removed (IPC_RMID) at the end. Only deterministic facts are printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

struct message {
    long type;
    char text[64];
};

static void report(const char *what, long result) {
    if (result < 0) printf("%-44s -> -1 %s\n", what, strerrorname_np(errno));
    else printf("%-44s -> %ld\n", what, result);
}

static void lock(int semaphores) {
    struct sembuf down = {0, -1, SEM_UNDO};
    while (semop(semaphores, &down, 1) < 0 && errno == EINTR) {}
}

static void unlock(int semaphores) {
    struct sembuf up = {0, 1, SEM_UNDO};
    semop(semaphores, &up, 1);
}

enum { rounds = 2000 };

int main(void) {
    int memory = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
    int semaphores = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    int queue = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    report("shmget", memory >= 0);
    report("semget", semaphores >= 0);
    report("msgget", queue >= 0);
    if (memory < 0 || semaphores < 0 || queue < 0) return 1;

    volatile long *counter = shmat(memory, NULL, 0);
    report("shmat", counter != (void *)-1);
    printf("  page aligned %d\n", ((unsigned long)counter & 4095) == 0);
    *counter = 0;

    union semun argument = {.val = 1};
    report("semctl SETVAL 1", semctl(semaphores, 0, SETVAL, argument));
    report("semctl GETVAL", semctl(semaphores, 0, GETVAL));
    unsigned short values[2] = {1, 5};
    argument.array = values;
    report("semctl SETALL {1, 5}", semctl(semaphores, 0, SETALL, argument));
    values[0] = values[1] = 0;
    report("semctl GETALL", semctl(semaphores, 0, GETALL, argument));
    printf("  values %u %u\n", values[0], values[1]);
    struct semid_ds semaphore_status;
    argument.buf = &semaphore_status;
    report("semctl IPC_STAT", semctl(semaphores, 0, IPC_STAT, argument));
    printf("  sem_nsems %lu, mode %o, ctime set %d\n", (unsigned long)semaphore_status.sem_nsems,
           semaphore_status.sem_perm.mode & 0777, semaphore_status.sem_ctime > 0);

    /* /proc/self/maps shows the segment, shared. */
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[512];
    int shown = 0;
    while (maps && fgets(line, sizeof line, maps)) {
        unsigned long start;
        char flags[5];
        if (sscanf(line, "%lx-%*x %4s", &start, flags) == 2 && start == (unsigned long)counter)
            shown = flags[3] == 's' && strstr(line, "/SYSV") != NULL;
    }
    if (maps) fclose(maps);
    printf("  in /proc/self/maps as /SYSV..., shared: %d\n", shown);

    pid_t child = fork();
    if (child == 0) {
        for (int i = 0; i < rounds; i++) {
            lock(semaphores);
            long value = *counter;
            if (i % 100 == 0) sched_yield();
            *counter = value + 1;
            unlock(semaphores);
        }
        struct message message = {2, "from the child, type 2"};
        msgsnd(queue, &message, strlen(message.text) + 1, 0);
        struct message reply;
        ssize_t got = msgrcv(queue, &reply, sizeof reply.text, 3, 0);
        printf("child: got %zd bytes of type %ld: %s\n", got, reply.type, reply.text);
        fflush(stdout);
        shmdt((void *)counter);
        _exit(0);
    }
    for (int i = 0; i < rounds; i++) {
        lock(semaphores);
        long value = *counter;
        if (i % 100 == 0) sched_yield();
        *counter = value + 1;
        unlock(semaphores);
    }
    struct message message;
    ssize_t got = msgrcv(queue, &message, sizeof message.text, 2, 0);
    printf("parent: got %zd bytes of type %ld: %s\n", got, message.type, message.text);
    fflush(stdout);
    struct message reply = {3, "from the parent, type 3"};
    msgsnd(queue, &reply, strlen(reply.text) + 1, 0);
    int status;
    waitpid(child, &status, 0);
    printf("child exited %d; counter %ld (expected %d)\n", WEXITSTATUS(status), *counter, 2 * rounds);

    struct shmid_ds memory_status;
    report("shmctl IPC_STAT", shmctl(memory, IPC_STAT, &memory_status));
    printf("  shm_segsz %zu, shm_nattch %lu, cpid ours %d\n", memory_status.shm_segsz,
           (unsigned long)memory_status.shm_nattch, memory_status.shm_cpid == getpid());

    /* A second, read-only attach: munmap detaches it too, and shmdt then finds nothing there. */
    const volatile long *again = shmat(memory, NULL, SHM_RDONLY);
    report("shmat again, read-only", again != (void *)-1);
    printf("  same counter through it: %d, at another address: %d\n", again[0] == *counter, again != counter);
    shmctl(memory, IPC_STAT, &memory_status);
    printf("  shm_nattch %lu\n", (unsigned long)memory_status.shm_nattch);
    report("munmap the second attach", munmap((void *)again, 3 * 4096));
    report("shmdt after munmap", shmdt((const void *)again));
    shmctl(memory, IPC_STAT, &memory_status);
    printf("  shm_nattch %lu\n", (unsigned long)memory_status.shm_nattch);

    /* Messages: types, truncation, IPC_NOWAIT, the queue's status. */
    struct message first = {5, "first message"}, second = {7, "second, longer message"};
    report("msgsnd type 5", msgsnd(queue, &first, strlen(first.text) + 1, 0));
    report("msgsnd type 7", msgsnd(queue, &second, strlen(second.text) + 1, 0));
    struct msqid_ds queue_status;
    report("msgctl IPC_STAT", msgctl(queue, IPC_STAT, &queue_status));
    printf("  msg_qnum %lu, msg_cbytes %lu, lspid ours %d\n", (unsigned long)queue_status.msg_qnum,
           (unsigned long)queue_status.__msg_cbytes, queue_status.msg_lspid == getpid());
    report("msgrcv type 7 into 6 bytes", msgrcv(queue, &message, 6, 7, 0));
    report("msgrcv type 7 into 6 bytes, MSG_NOERROR", msgrcv(queue, &message, 6, 7, MSG_NOERROR));
    printf("  text %.6s\n", message.text);
    report("msgrcv any type", msgrcv(queue, &message, sizeof message.text, 0, 0));
    printf("  type %ld text %s\n", message.type, message.text);
    report("msgrcv empty, IPC_NOWAIT", msgrcv(queue, &message, sizeof message.text, 0, IPC_NOWAIT));
    struct sembuf would_block = {1, -6, IPC_NOWAIT};
    report("semop -6 of 5, IPC_NOWAIT", semop(semaphores, &would_block, 1));
    struct timespec short_wait = {0, 10 * 1000 * 1000};
    would_block.sem_flg = 0;
    report("semtimedop -6 of 5, 10 ms", semtimedop(semaphores, &would_block, 1, &short_wait));

    /* Bad arguments. */
    report("shmat bad id", (long)shmat(-1, NULL, 0) == -1 ? -1 : 0);
    report("shmat unaligned address", (long)shmat(memory, (void *)0x12345, 0) == -1 ? -1 : 0);
    report("shmdt not attached", shmdt((void *)0x10000));
    report("shmdt unaligned", shmdt((char *)counter + 1));
    report("shmctl IPC_STAT to (void*)1", shmctl(memory, IPC_STAT, (void *)1));
    report("shmctl bad command", shmctl(memory, 12345, &memory_status));
    report("semop (void*)1", syscall(SYS_semop, semaphores, (void *)1, 1));
    report("semop nsops 0", syscall(SYS_semop, semaphores, &would_block, 0));
    report("semop nsops 100000", syscall(SYS_semop, semaphores, &would_block, 100000));
    struct sembuf out_of_range = {9, 1, 0};
    report("semop semaphore 9 of 2", semop(semaphores, &out_of_range, 1));
    report("semctl GETVAL semaphore 9", semctl(semaphores, 9, GETVAL));
    report("msgsnd (void*)1", syscall(SYS_msgsnd, queue, (void *)1, 4, 0));
    struct message zero = {0, "x"};
    report("msgsnd type 0", msgsnd(queue, &zero, 2, 0));
    report("msgsnd size -1", syscall(SYS_msgsnd, queue, &first, -1L, 0));
    report("msgrcv size -1", syscall(SYS_msgrcv, queue, &message, -1L, 0, IPC_NOWAIT));
    report("msgctl IPC_STAT to (void*)1", msgctl(queue, IPC_STAT, (void *)1));
    report("msgget no such key", msgget(0x7a6b5c4d, 0));

    report("shmdt", shmdt((void *)counter));
    report("shmctl IPC_RMID", shmctl(memory, IPC_RMID, NULL));
    report("semctl IPC_RMID", semctl(semaphores, 0, IPC_RMID));
    report("msgctl IPC_RMID", msgctl(queue, IPC_RMID, NULL));
    report("semop after IPC_RMID", semop(semaphores, &would_block, 1));
    return 0;
}
