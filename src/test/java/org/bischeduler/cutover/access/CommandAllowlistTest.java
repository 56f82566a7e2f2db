package org.bischeduler.cutover.access;

import org.bischeduler.cutover.config.CutoverProperties;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.objenesis.ObjenesisStd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every command the engine and its webapps can run, found in their jars, held to the allowlist
 * through the real guard: a listed command has its reason and its groups, every other one (and a
 * listed one for a group it is not listed for) is refused to members of ops, managers and auditors
 * before the engine runs any of it. The commands refused on purpose are written down; a command a
 * new engine version brings fails here until someone decides on it.
 */
class CommandAllowlistTest {

    /** The commands decided to be for the admin group alone, one class name per line. */
    private static final Path REFUSED = Path.of("src/test/resources/access/refused-engine-commands.txt");
    private static final Path ACCESS_PAGE = Path.of("docs/access.md");
    private static final List<String> PEOPLE_GROUPS = List.of(Groups.OPS, Groups.MANAGERS, Groups.AUDITORS);

    private static List<Class<?>> commands;
    private static UserCommandGuard guard;

    @BeforeAll
    static void engineCommands() throws Exception {
        commands = new ArrayList<>();
        for (Class<?> inJar : List.of(Command.class, org.camunda.bpm.webapp.impl.db.QueryServiceImpl.class)) {
            commands.addAll(commandsIn(Path.of(inJar.getProtectionDomain().getCodeSource().getLocation().toURI())));
        }
        CutoverProperties properties = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("cutover", CutoverProperties.class);
        guard = new UserCommandGuard(TaskForms.fromClasspath(), properties, null, null);
        StandaloneInMemProcessEngineConfiguration engine = new StandaloneInMemProcessEngineConfiguration();
        engine.setAdminGroups(List.of(Groups.CAMUNDA_ADMIN));
        guard.attach(engine);
    }

    @Test
    void everyEngineCommandIsListedWithItsReasonOrRefusedToEveryGroupBeforeTheEngineRunsIt() {
        assertThat(commands).as("the engine's commands").hasSizeGreaterThan(300);
        ObjenesisStd objenesis = new ObjenesisStd();
        int refusals = 0;
        for (Class<?> type : commands) {
            Command<?> command = (Command<?>) objenesis.newInstance(type);
            var allowed = CommandAllowlist.allowed(type);
            allowed.ifPresent(entry -> assertThat(entry.reason()).as(type.getName()).isNotBlank());
            for (String group : PEOPLE_GROUPS) {
                if (allowed.isPresent() && allowed.get().groups().contains(group)) {
                    continue;
                }
                assertThatThrownBy(() -> guard.check(command, new Authentication("someone", List.of(group))))
                        .as("%s for a member of %s", type.getName(), group).isInstanceOf(AuthorizationException.class)
                        .hasMessageStartingWith("someone may not ");
                refusals++;
            }
            assertThatThrownBy(() -> guard.check(command, new Authentication("nobody", List.of())))
                    .as("%s for a user in no group", type.getName()).isInstanceOf(AuthorizationException.class);
        }
        assertThat(refusals).isGreaterThan(3 * 300);
    }

    @Test
    void everyListedCommandIsOneTheEngineHasAndNamesOnlyTheCutoversGroups() {
        for (CommandAllowlist.Allowed entry : CommandAllowlist.ALLOWED) {
            assertThat(commands).as("listed but not in the engine").contains(entry.command());
            assertThat(PEOPLE_GROUPS).containsAll(entry.groups());
        }
    }

    @Test
    void aCommandNobodyHasDecidedOnFailsUntilSomeoneListsOrRefusesIt() throws IOException {
        Set<String> refused = new TreeSet<>(Files.readAllLines(REFUSED, StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
        Set<String> undecided = new TreeSet<>();
        for (Class<?> type : commands) {
            if (CommandAllowlist.allowed(type).isEmpty() && !refused.contains(type.getName())) {
                undecided.add(type.getName());
            }
        }
        assertThat(undecided).as("engine commands nobody decided on: add each to CommandAllowlist with its reason, or to "
                + REFUSED + " to keep it for the admin group").isEmpty();
        Set<String> gone = new TreeSet<>(refused);
        commands.forEach(type -> gone.remove(type.getName()));
        assertThat(gone).as("refused commands this engine no longer has: remove them from " + REFUSED).isEmpty();
    }

    @Test
    void theAccessPageListsWhatEachGroupMaySendAsTheAllowlistSaysIt() throws IOException {
        String page = Files.readString(ACCESS_PAGE, StandardCharsets.UTF_8);
        String begin = "<!-- allowlist: generated from CommandAllowlist; CommandAllowlistTest checks it -->\n";
        String end = "<!-- end of allowlist -->";
        assertThat(page).contains(begin).contains(end);
        String listed = page.substring(page.indexOf(begin) + begin.length(), page.indexOf(end));
        assertThat(listed).as("docs/access.md, between its allowlist markers, should read:\n" + allowlistTable())
                .isEqualTo(allowlistTable());
    }

    /** The allowlist as the access page shows it: one row per command, with who may send it and why. */
    static String allowlistTable() {
        StringBuilder table = new StringBuilder("| engine command | ops | managers | auditors | why |\n|---|---|---|---|---|\n");
        for (CommandAllowlist.Allowed entry : CommandAllowlist.ALLOWED) {
            table.append("| `").append(entry.command().getSimpleName()).append('`');
            for (String group : PEOPLE_GROUPS) {
                table.append(" | ").append(entry.groups().contains(group) ? "yes" : "");
            }
            table.append(" | ").append(entry.reason()).append(" |\n");
        }
        return table.toString();
    }

    private static List<Class<?>> commandsIn(Path jar) {
        List<Class<?>> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.equals("module-info.class")) {
                    continue;
                }
                Class<?> type;
                try {
                    type = Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false,
                            CommandAllowlistTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError optionalDependency) {
                    continue;
                }
                if (Command.class.isAssignableFrom(type) && !type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
                    found.add(type);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
