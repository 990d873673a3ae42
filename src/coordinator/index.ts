export { Coordinator } from "./coordinator";
