import { afterAll } from "vitest";
import { removeCreatedDirs } from "./cli";

// Temporary HOMEs and projects go with the file that made them.
afterAll(removeCreatedDirs);
