namespace Mesh.ControlPlane.Admin;

/// <summary>The dashboard's page: styles, the first view, and the few lines of script that keep it live.</summary>
internal static class DashboardPage
{
    private const string Head = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Mesh dashboard</title>
        <style>
          body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1f2933; background: #f5f7fa; }
          header { background: #243b53; color: #fff; padding: 10px 24px; display: flex; gap: 24px; align-items: baseline; }
          header h1 { font-size: 18px; margin: 0; }
          header .muted { color: #bcccdc; }
          main { padding: 8px 24px 32px; }
          section { background: #fff; border: 1px solid #d9e2ec; border-radius: 6px; margin: 16px 0; padding: 8px 16px 16px; }
          h2 { font-size: 15px; margin: 8px 0 12px; }
          table { border-collapse: collapse; width: 100%; }
          th, td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid #eef2f6; vertical-align: top; }
          th { color: #627d98; font-weight: 600; font-size: 12px; text-transform: uppercase; }
          td.num { font-variant-numeric: tabular-nums; }
          .bar { display: flex; width: 260px; height: 18px; border-radius: 3px; overflow: hidden; background: #eef2f6; font-size: 11px; color: #fff; }
          .bar span { display: flex; align-items: center; justify-content: center; white-space: nowrap; overflow: hidden; }
          .s0 { background: #829ab1; } .s1 { background: #3ebd93; } .s2 { background: #f0b429; } .s3 { background: #9446ed; } .s4 { background: #ef4e4e; }
          .split { display: grid; grid-template-columns: 70px auto; gap: 2px 8px; align-items: center; font-size: 12px; color: #627d98; }
          .ok { color: #199473; } .warn { color: #cb6e17; } .bad { color: #d64545; } .muted { color: #829ab1; }
          pre { background: #f5f7fa; padding: 8px; overflow: auto; max-height: 360px; font-size: 12px; }
          svg text { font: 12px system-ui, sans-serif; }
        </style>
        </head>
        <body>
        <header><h1>Mesh</h1><span class="muted">live from mesh-cp · refreshed <span id="updated">now</span></span></header>
        <main id="view">
        """;

    private const string Tail = """
        </main>
        <script>
        const view = document.getElementById('view');
        async function refresh() {
          const open = [...view.querySelectorAll('details[open]')].map(d => d.id);
          try {
            const response = await fetch('/dashboard/view', { cache: 'no-store' });
            if (!response.ok) return;
            view.innerHTML = await response.text();
            for (const id of open) { const d = document.getElementById(id); if (d) d.open = true; }
            document.getElementById('updated').textContent = new Date().toLocaleTimeString();
          } catch { /* mesh-cp restarting: the next poll tries again */ }
        }
        setInterval(refresh, 2000);
        </script>
        </body>
        </html>
        """;

    public static string Render(string view) => Head + view + Tail;
}
