package io.tessera.ingest;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What waits for the index's group commit, handed out in groups that are as large as the waiting allows.
 *
 * <p>A request that streams many instances needs none of them committed before it has read its last one, so a queued
 * instance waits up to {@link #LINGER_MILLIS} for company, unless someone already awaits an outcome: then whatever
 * is queued goes at once. At a few hundred instances a second from several requests, a group so holds the instances
 * of whole requests rather than the one or two that arrived during the last commit, and the per-transaction work
 * (the look-ups, the flush, the database's sync) is paid once for them (docs/performance.md).
 *
 * @param <T> what is queued
 */
final class CommitQueue<T> {
    /** How long a queued instance waits while nobody awaits one: it bounds how late it appears in QIDO. */
    static final long LINGER_MILLIS = 100;

    private final int maxGroup;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Queued<T>> queued = new ArrayDeque<>();
    private int awaiting;
    private boolean closed;

    private record Queued<T>(T item, long queuedAt) {
    }

    CommitQueue(int maxGroup) {
        this.maxGroup = maxGroup;
    }

    /** Queues an item; false once the queue is closed. */
    boolean add(T item) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            queued.add(new Queued<>(item, System.nanoTime()));
            // The committer sleeps without a deadline on an empty queue, and may commit at once when awaited.
            if (queued.size() == 1 || awaiting > 0 || queued.size() >= maxGroup) {
                changed.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for {@code outcome}, having whatever is queued committed now rather than after its linger. */
    <R> R await(CompletableFuture<R> outcome) {
        if (outcome.isDone()) {
            return outcome.join();
        }
        lock.lock();
        try {
            awaiting++;
            changed.signal();
        } finally {
            lock.unlock();
        }
        try {
            return outcome.join();
        } finally {
            lock.lock();
            try {
                awaiting--;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Moves the next group into {@code group}: waits for a first item, then until the group is full, an outcome is
     * awaited, the first item has lingered long enough, or the queue is closed. Returns false when the queue is
     * closed and empty.
     */
    boolean nextGroup(List<T> group) throws InterruptedException {
        lock.lock();
        try {
            while (queued.isEmpty()) {
                if (closed) {
                    return false;
                }
                changed.await();
            }
            long deadline = queued.peek().queuedAt() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
            for (long left = deadline - System.nanoTime();
                 left > 0 && awaiting == 0 && queued.size() < maxGroup && !closed;
                 left = deadline - System.nanoTime()) {
                changed.awaitNanos(left);
            }
            while (group.size() < maxGroup && !queued.isEmpty()) {
                group.add(queued.poll().item());
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes no more items; what is queued is still handed out, without lingering. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Empties the queue, for items that will never be committed. */
    List<T> drain() {
        lock.lock();
        try {
            List<T> left = queued.stream().map(Queued::item).toList();
            queued.clear();
            return left;
        } finally {
            lock.unlock();
        }
    }
}
