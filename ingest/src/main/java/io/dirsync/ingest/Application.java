package io.dirsync.ingest;

import io.micronaut.runtime.Micronaut;

/** Entry point of ingest: the SCIM 2.0 edge that turns provisioning requests into changes on the log. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
