package dev.myprofile.bench;

/** How a benchmark's {@code main} ends. */
final class Benchmark {
    private Benchmark() {}

    /**
     * Runs {@code benchmark}, prints its failure if it fails, and exits with its status: the test
     * support's recording proxy leaves worker threads behind, which must not keep the process alive.
     */
    static void runThenExit(Runnable benchmark) {
        int status = 0;
        try {
            benchmark.run();
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** One run of {@link #alternate}: both figures, in milliseconds, and which ran first. */
    @FunctionalInterface
    interface Measured {
        void run(int run, double aMs, double bMs, boolean aFirst);
    }

    /**
     * Runs {@code a} and {@code b} {@code runs} times each, alternating which goes first (ABBA: {@code a}
     * first on odd runs when {@code aFirstOnOdd}, on even runs otherwise), so neither always runs right
     * after the other; each run's two figures (nanoseconds from the suppliers) go to {@code measured}.
     */
    static void alternate(int runs, boolean aFirstOnOdd, java.util.function.LongSupplier a, java.util.function.LongSupplier b,
                          Measured measured) {
        for (int run = 1; run <= runs; run++) {
            boolean aFirst = (run % 2 == 1) == aFirstOnOdd;
            double first = (aFirst ? a : b).getAsLong() / 1e6;
            double second = (aFirst ? b : a).getAsLong() / 1e6;
            measured.run(run, aFirst ? first : second, aFirst ? second : first, aFirst);
        }
    }
}
