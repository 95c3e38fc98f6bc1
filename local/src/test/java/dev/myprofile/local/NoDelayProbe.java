package dev.myprofile.local;

import com.sun.net.httpserver.HttpServer;

/**
 * Run in a fresh JVM (see LocalRuntimeTest): creates the runtime's HTTP server as local/run does and
 * prints whether the JDK server will set TCP_NODELAY on its connections, as the server itself reads it.
 */
public final class NoDelayProbe {
    private NoDelayProbe() {}

    public static void main(String[] args) throws Exception {
        HttpServer server = LocalPortal.httpServer(0);
        try {
            var noDelay = Class.forName("sun.net.httpserver.ServerConfig").getDeclaredMethod("noDelay");
            noDelay.setAccessible(true);
            System.out.println("noDelay=" + noDelay.invoke(null));
        } finally {
            server.stop(0);
        }
    }
}
