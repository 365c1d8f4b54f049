package io.dirsync.projector;

import io.micronaut.runtime.Micronaut;

/** Entry point of the projector: the Kafka Streams fold plus its query API. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
