package dev.myprofile.securityinfo.notify;

/** Sends a security notice to an address already on file (never only to one being added). */
@FunctionalInterface
public interface Notifier {

    void send(String address, Notice notice, Notice.About about);
}
