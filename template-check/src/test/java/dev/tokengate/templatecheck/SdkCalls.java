package dev.tokengate.templatecheck;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The AWS API calls a function's own classes make, read from their class files' constant pools (every call site and
 * method reference names its owner and method there), translated to the IAM actions they need. This is how the IAM
 * check knows what the code does without trusting a hand-kept list: a new SDK call without a grant fails it, and so
 * does a grant no code uses.
 */
final class SdkCalls {
    private static final String SERVICES = "software/amazon/awssdk/services/";
    /** Client methods that are not API operations. */
    private static final Set<String> NOT_OPERATIONS = Set.of("close", "serviceName", "serviceClientConfiguration",
            "builder", "create", "waiter", "utilities", "<init>");
    /** API Gateway's control-plane actions are HTTP verbs on resource paths. */
    private static final Map<String, String> API_GATEWAY_ACTIONS = Map.of(
            "flushStageAuthorizersCache", "apigateway:DELETE",
            "resetAuthorizersCache", "apigateway:DELETE");

    private SdkCalls() {
    }

    /** IAM actions needed by the calls in these class files, sorted. */
    static Set<String> iamActions(Iterable<Path> classFiles) {
        Set<String> actions = new TreeSet<>();
        for (Path file : classFiles) {
            for (String[] call : clientCalls(file)) {
                actions.add(action(call[0], call[1]));
            }
        }
        return actions;
    }

    private static String action(String owner, String method) {
        String service = owner.substring(SERVICES.length(), owner.indexOf('/', SERVICES.length()));
        String operation = method.endsWith("Paginator") ? method.substring(0, method.length() - "Paginator".length())
                : method;
        String capitalised = operation.substring(0, 1).toUpperCase(Locale.ROOT) + operation.substring(1);
        return switch (service) {
            case "dynamodb", "dynamodbstreams" -> "dynamodb:" + capitalised;
            case "apigateway", "apigatewayv2" -> API_GATEWAY_ACTIONS.getOrDefault(operation,
                    "apigateway:<unmapped " + operation + ">");
            case "cognitoidentityprovider" -> "cognito-idp:" + capitalised;
            default -> service + ":" + capitalised;
        };
    }

    /** (owner, method) of every method reference to an SDK service client interface. */
    private static Set<String[]> clientCalls(Path classFile) {
        ConstantPool pool = ConstantPool.read(classFile);
        Set<String[]> calls = new LinkedHashSet<>();
        for (int i = 1; i < pool.utf8.length; i++) {
            if (pool.memberRef[i] == null) {
                continue;
            }
            String owner = pool.utf8[pool.classNameIndex[pool.memberRef[i][0]]];
            String method = pool.utf8[pool.nameAndType[pool.memberRef[i][1]][0]];
            if (owner.startsWith(SERVICES) && owner.endsWith("Client") && !NOT_OPERATIONS.contains(method)) {
                calls.add(new String[] {owner, method});
            }
        }
        return calls;
    }

    /** Every class a class file refers to (its constant pool's class entries), in internal form (a/b/C). */
    static Set<String> referencedClasses(Path classFile) {
        ConstantPool pool = ConstantPool.read(classFile);
        Set<String> classes = new TreeSet<>();
        for (int i = 1; i < pool.utf8.length; i++) {
            if (pool.classNameIndex[i] != 0) {
                classes.add(pool.utf8[pool.classNameIndex[i]]);
            }
        }
        return classes;
    }

    /** The parts of a class file's constant pool these checks read. */
    private record ConstantPool(String[] utf8, int[] classNameIndex, int[][] memberRef, int[][] nameAndType) {
        static ConstantPool read(Path classFile) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(classFile))) {
                if (in.readInt() != 0xCAFEBABE) {
                    throw new AssertionError(classFile + " is not a class file");
                }
                in.readUnsignedShort();
                in.readUnsignedShort();
                int count = in.readUnsignedShort();
                ConstantPool pool = new ConstantPool(new String[count], new int[count], new int[count][],
                        new int[count][]);
                for (int i = 1; i < count; i++) {
                    int tag = in.readUnsignedByte();
                    switch (tag) {
                        case 1 -> pool.utf8[i] = in.readUTF();
                        case 3, 4 -> in.readInt();
                        case 5, 6 -> {
                            in.readLong();
                            i++; // eight-byte constants take two slots
                        }
                        case 7 -> pool.classNameIndex[i] = in.readUnsignedShort();
                        case 8, 16, 19, 20 -> in.readUnsignedShort();
                        case 9 -> {
                            in.readUnsignedShort();
                            in.readUnsignedShort();
                        }
                        case 10, 11 -> pool.memberRef[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                        case 12 -> pool.nameAndType[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                        case 15 -> {
                            in.readUnsignedByte();
                            in.readUnsignedShort();
                        }
                        case 17, 18 -> {
                            in.readUnsignedShort();
                            in.readUnsignedShort();
                        }
                        default -> throw new AssertionError("unknown constant tag " + tag + " in " + classFile);
                    }
                }
                return pool;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
