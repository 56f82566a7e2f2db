package org.bischeduler.cutover.nginx;

/** The site file does not have the shape the rewrite needs. */
public class NginxConfigException extends IllegalStateException {

    public NginxConfigException(String message) {
        super(message);
    }
}
