package dev.myprofile.securityinfo.notify;

/** Sends an email of our own words (a one-time code) to an address. */
@FunctionalInterface
public interface EmailMessages {

    void send(String address, String subject, String body);
}
