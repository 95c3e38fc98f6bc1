package dev.myprofile.shared.dynamodb;

/** A continuation token that no list of this caller handed out (garbled, or made up). */
public final class InvalidContinuation extends RuntimeException {
    public InvalidContinuation() {
        super("not a continuation token of this list", null, false, false);
    }
}
