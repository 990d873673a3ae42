export { DashboardPage } from "./page";
