package dev.myprofile.bench;

import java.lang.management.ManagementFactory;

/** What the figures were measured on, printed beside them: they mean little without it. */
final class Machine {
    private Machine() {}

    static String jdk() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + "), " + Runtime.getRuntime().availableProcessors() + " CPUs";
    }

    /** Other work on the machine makes every figure noisier; the load average shows how much there was. */
    static String load() {
        return String.format("load average (1 min): %.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
