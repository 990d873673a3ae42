import { STYLES } from "./styles";

/**
 * The dashboard page: structure only, server-rendered with Hono JSX. It carries no data — the browser script asks
 * the API with the token the user pastes, so nothing of the account is served without one.
 *
 * @example
 * ```tsx
 * return c.html(<DashboardPage nonce={nonce} />)
 * ```
 */
export function DashboardPage({ nonce }: { nonce: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>kie-edge — credits</title>
        <style nonce={nonce} dangerouslySetInnerHTML={{ __html: STYLES }} />
      </head>
      <body>
        <main>
          <h1>kie.ai credits</h1>
          <form id="token-form">
            <label>
              Proxy token
              <input id="token" type="password" autocomplete="off" required aria-describedby="token-help" />
            </label>
            <button type="submit">Show</button>
            <button type="button" id="forget" class="secondary">
              Forget token
            </button>
          </form>
          <p id="token-help">Kept in this tab only (sessionStorage), sent as a bearer header, never in the URL.</p>
          <p id="message" role="status" aria-live="polite" />
          <section id="data" hidden aria-labelledby="now-heading">
            <h2 id="now-heading">Now</h2>
            <dl>
              <div>
                <dt>Balance</dt>
                <dd id="balance">—</dd>
              </div>
              <div>
                <dt>State</dt>
                <dd id="state">—</dd>
              </div>
              <div>
                <dt>Warn / critical below</dt>
                <dd id="thresholds">—</dd>
              </div>
              <div>
                <dt>Burn rate</dt>
                <dd id="burn">—</dd>
              </div>
              <div>
                <dt>Projected depletion</dt>
                <dd id="depletion">—</dd>
              </div>
              <div>
                <dt>Last check</dt>
                <dd id="checked">—</dd>
              </div>
            </dl>
            <h2 id="chart-heading">Balance, last 7 days</h2>
            <svg id="chart" viewBox="0 0 800 300" role="img" aria-labelledby="chart-heading chart-summary">
              <title>Balance history with thresholds and forecast</title>
            </svg>
            <p id="chart-summary" />
            <ul class="legend" aria-hidden="true">
              <li>— balance</li>
              <li>- - thresholds</li>
              <li>··· forecast</li>
            </ul>
            <h2 id="tasks-heading">Tasks: in flight, and finished in the last 24 hours</h2>
            <table id="tasks" aria-labelledby="tasks-heading">
              <thead>
                <tr>
                  <th scope="col">Caller</th>
                  <th scope="col">In flight</th>
                  <th scope="col">Succeeded</th>
                  <th scope="col">Failed</th>
                  <th scope="col">By family</th>
                </tr>
              </thead>
              <tbody />
            </table>
            <h2>Last alerts</h2>
            <ul id="alerts" class="alerts" />
            <h2 id="spend-heading">Spend, last 30 days</h2>
            <svg id="spend" viewBox="0 0 800 300" role="img" aria-labelledby="spend-heading spend-summary">
              <title>Credits spent per UTC day, stacked by caller, and spend no caller explains</title>
            </svg>
            <p id="spend-summary" />
            <ul id="spend-legend" class="legend" aria-hidden="true" />
            <table id="families" aria-labelledby="families-heading">
              <caption id="families-heading">Spend by family, last 30 days</caption>
              <thead>
                <tr>
                  <th scope="col">Family</th>
                  <th scope="col">Tasks</th>
                  <th scope="col">Failed</th>
                  <th scope="col">Credits</th>
                </tr>
              </thead>
              <tbody />
            </table>
            <h2 id="budgets-heading">Budgets</h2>
            <ul id="budgets" class="budgets" aria-labelledby="budgets-heading" />
            <button type="button" id="refresh" class="secondary">
              Refresh
            </button>
          </section>
        </main>
        <script nonce={nonce} src="/dashboard.js" />
      </body>
    </html>
  );
}
