package dev.wskit.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server-wide echo budget ({@code wskit.echo.maxPendingBytes}) on its own. */
class EchoBudgetTest {

    @Test
    void reservesUpToTheMaximumAndNotOneByteMore() {
        EchoBudget budget = new EchoBudget(1000);
        assertTrue(budget.tryReserve(600));
        assertTrue(budget.tryReserve(400), "exactly the maximum");
        assertFalse(budget.tryReserve(1), "one byte past it");
        assertEquals(1000, budget.used());
        budget.release(1);
        assertTrue(budget.tryReserve(1));
        budget.release(1000);
        assertEquals(0, budget.used());
    }

    @Test
    void aWaiterIsWokenByARelease() throws Exception {
        EchoBudget budget = new EchoBudget(100);
        assertTrue(budget.tryReserve(100));
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.await(() -> budget.tryReserve(50), System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        // Whether the release comes before or after the waiter starts waiting, it must not be lost.
        budget.release(60);
        assertTrue(waiter.get(20, TimeUnit.SECONDS));
        assertEquals(90, budget.used());
    }

    @Test
    void aWaiterGivesUpAtItsDeadline() throws Exception {
        EchoBudget budget = new EchoBudget(100);
        assertTrue(budget.tryReserve(100));
        long start = System.nanoTime();
        assertFalse(budget.await(() -> budget.tryReserve(1), start + TimeUnit.MILLISECONDS.toNanos(200)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(200));
        assertEquals(100, budget.used(), "a waiter that gave up holds nothing");
    }

    @Test
    void concurrentReservationsAndReleasesBalanceToZero() throws Exception {
        EchoBudget budget = new EchoBudget(10_000);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            workers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 100_000; i++) {
                    if (budget.tryReserve(64)) {
                        assertTrue(budget.used() <= 10_000);
                        budget.release(64);
                    }
                }
            }));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertEquals(0, budget.used());
    }

    @Test
    void refusesAnEmptyBudget() {
        assertThrows(IllegalArgumentException.class, () -> new EchoBudget(0));
    }
}
