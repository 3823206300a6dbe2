package io.tessera.ingest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommitQueueTest {

    @Test
    void itemsQueuedTogetherGoInOneGroupOfAtMostTheLimit() throws InterruptedException {
        CommitQueue<Integer> queue = new CommitQueue<>(3);
        for (int i = 1; i <= 5; i++) {
            assertTrue(queue.add(i));
        }
        List<Integer> group = new ArrayList<>();
        assertTrue(queue.nextGroup(group));
        assertEquals(List.of(1, 2, 3), group);
        group.clear();
        assertTrue(queue.nextGroup(group));
        assertEquals(List.of(4, 5), group);
    }

    @Test
    void anAwaitedOutcomeIsCommittedByTheCommitterThatWaitsForCompany() throws Exception {
        CommitQueue<CompletableFuture<String>> queue = new CommitQueue<>(64);
        ExecutorService committer = Executors.newSingleThreadExecutor();
        try {
            Future<List<CompletableFuture<String>>> committed = committer.submit(() -> {
                List<CompletableFuture<String>> group = new ArrayList<>();
                queue.nextGroup(group);
                group.forEach(outcome -> outcome.complete("committed"));
                return group;
            });
            CompletableFuture<String> outcome = new CompletableFuture<>();
            queue.add(outcome);
            assertEquals("committed", queue.await(outcome));
            assertEquals(1, committed.get(10, TimeUnit.SECONDS).size());
        } finally {
            committer.shutdownNow();
        }
    }

    @Test
    void aClosedQueueHandsOutWhatIsLeftAndTakesNothingMore() throws InterruptedException {
        CommitQueue<Integer> queue = new CommitQueue<>(64);
        queue.add(1);
        queue.close();
        assertFalse(queue.add(2));
        List<Integer> group = new ArrayList<>();
        assertTrue(queue.nextGroup(group));
        assertEquals(List.of(1), group);
        assertFalse(queue.nextGroup(new ArrayList<>()));
        assertEquals(List.of(), queue.drain());
    }
}
