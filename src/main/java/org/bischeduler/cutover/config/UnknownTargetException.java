package org.bischeduler.cutover.config;

import java.util.Set;
import java.util.TreeSet;

/** A run named a target that is not configured. */
public class UnknownTargetException extends IllegalArgumentException {

    public UnknownTargetException(String name, Set<String> known) {
        super("unknown target '" + name + "'; configured targets: " + new TreeSet<>(known));
    }
}
