package dev.myprofile.securityinfo.notify;

/** Sends a text message (a one-time code) to a phone number. */
@FunctionalInterface
public interface TextMessages {

    void send(String phoneNumber, String message);
}
