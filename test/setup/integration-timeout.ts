// Real servers: a cold workflow bundle, a JVM or a restarted worker takes seconds, far beyond
// jest's 5 s default (which is a project-wide option jest does not accept per project).
jest.setTimeout(60_000);
