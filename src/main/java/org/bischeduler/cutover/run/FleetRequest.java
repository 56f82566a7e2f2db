package org.bischeduler.cutover.run;

import org.bischeduler.cutover.config.CutoverProperties;
import org.bischeduler.cutover.values.InvalidParameterException;
import org.bischeduler.cutover.values.SafeValues;

import java.util.HashMap;
import java.util.Map;

/**
 * The fleet start form's three fields, checked: a configured fleet, a change reference and a
 * window as a single run's start takes them (checked through {@link StartRequest} on the canary).
 */
public record FleetRequest(String fleet, String changeReference, String windowStart) {

    public static FleetRequest of(Map<String, ?> variables, CutoverProperties properties) {
        Object name = variables.get(ProcessVariables.FLEET);
        if (name == null || name.toString().isBlank()) {
            throw new InvalidParameterException(ProcessVariables.FLEET, "is required to start a fleet cutover");
        }
        String fleet = SafeValues.name(ProcessVariables.FLEET, name.toString().strip());
        CutoverProperties.Fleet config = properties.fleet(fleet);
        Map<String, Object> single = new HashMap<>(variables);
        single.put(ProcessVariables.TARGET, config.canary());
        StartRequest request = StartRequest.of(single, properties);
        return new FleetRequest(fleet, request.changeReference(), request.windowStart());
    }
}
