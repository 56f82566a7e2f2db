package org.bischeduler.cutover.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bischeduler.cutover.config.CutoverProperties;
import org.camunda.bpm.spring.boot.starter.configuration.impl.DefaultDeploymentConfiguration;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deploys the start forms with the configured names as a choice: the cutover's "Target" text field
 * becomes a select of the names under {@code cutover.targets}, the fleet cutover's "Fleet" one of
 * {@code cutover.fleets}, so Tasklist offers them and a submission of any other name is refused
 * with the rest of the form. With nothing configured a form stays as
 * written. A change of the targets deploys a new version of the form (the engine's duplicate
 * filter keeps the deployment when nothing changed).
 */
@Component
class StartFormTargetChoice extends DefaultDeploymentConfiguration {

    static final String START_FORM = "start-cutover.form";
    static final String FLEET_FORM = "start-fleet.form";

    private final CutoverProperties properties;
    private final ObjectMapper json = new ObjectMapper();

    StartFormTargetChoice(CutoverProperties properties) {
        this.properties = properties;
    }

    @Override
    public Set<Resource> getDeploymentResources() {
        Set<Resource> resources = new LinkedHashSet<>();
        for (Resource resource : super.getDeploymentResources()) {
            if (START_FORM.equals(resource.getFilename()) && !properties.targets().isEmpty()) {
                resources.add(withChoice(resource, START_FORM, "target", properties.targets().keySet(), "configured targets (cutover.targets)"));
            } else if (FLEET_FORM.equals(resource.getFilename()) && !properties.fleets().isEmpty()) {
                resources.add(withChoice(resource, FLEET_FORM, "fleet", properties.fleets().keySet(), "configured fleets (cutover.fleets)"));
            } else {
                resources.add(resource);
            }
        }
        return resources;
    }

    private Resource withChoice(Resource form, String fileName, String key, Set<String> names, String what) {
        try {
            ObjectNode schema = (ObjectNode) json.readTree(form.getInputStream());
            for (var component : schema.withArray("components")) {
                if (key.equals(component.path("key").asText())) {
                    ObjectNode field = (ObjectNode) component;
                    field.put("type", "select");
                    field.put("description", "One of the " + what);
                    ((ObjectNode) field.path("validate")).remove("pattern");
                    ArrayNode values = field.putArray("values");
                    for (String name : new TreeSet<>(names)) {
                        values.addObject().put("label", name).put("value", name);
                    }
                }
            }
            byte[] content = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(schema);
            return new ByteArrayResource(content) {
                @Override
                public String getDescription() {
                    // the engine names a byte array resource by its description: a form's name ends in .form
                    return "processes/" + fileName;
                }

                @Override
                public String getFilename() {
                    return fileName;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the start form " + form, e);
        }
    }
}
