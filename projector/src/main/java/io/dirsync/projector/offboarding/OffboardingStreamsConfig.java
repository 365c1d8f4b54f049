package io.dirsync.projector.offboarding;

import io.dirsync.projector.ProjectorConfig;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hands the offboarding settings of {@code application.yml} to the stream tasks: they are added to the projector's
 * pass-through Streams settings, which every processor reads back from its config. Settings already given there
 * explicitly win. Validates them, so a bad app list or SLA stops startup with the reason.
 */
@Singleton
final class OffboardingStreamsConfig implements BeanCreatedEventListener<ProjectorConfig> {

    private final OffboardingConfig config;

    OffboardingStreamsConfig(OffboardingConfig config) {
        this.config = config;
    }

    @Override
    public ProjectorConfig onCreated(BeanCreatedEvent<ProjectorConfig> event) {
        ProjectorConfig original = event.getBean();
        Map<String, String> streams = new LinkedHashMap<>(original.streams() == null ? Map.of() : original.streams());
        config.settings().asStreamsConfig().forEach(streams::putIfAbsent);
        // Rebuilt component by component, so this keeps working when ProjectorConfig gains settings.
        try {
            RecordComponent[] components = ProjectorConfig.class.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = components[i].getName().equals("streams") ? streams
                        : components[i].getAccessor().invoke(original);
            }
            return ProjectorConfig.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot pass the offboarding settings to Kafka Streams", e);
        }
    }
}
