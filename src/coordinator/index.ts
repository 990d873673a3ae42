export { Coordinator, coordinatorSettings } from "./coordinator";
