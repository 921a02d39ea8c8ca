using System.Collections.Immutable;
using Mesh.ControlPlane.Configuration;

namespace Mesh.ControlPlane.Translation;

/// <summary>
/// Finds each cluster's retry budget. <c>retries.budgetPercent</c> is written on a rule but Envoy
/// keeps the budget on the cluster (<c>circuit_breakers.thresholds[0].retry_budget</c>), so every
/// cluster a rule sends to gets it; when rules disagree the smallest budget wins.
/// </summary>
internal static class RetryBudgetResolver
{
    public static ImmutableDictionary<string, int> Resolve(ServiceScope scope, MeshSpec mesh)
    {
        var budgets = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        var service = scope.Metadata;

        // The mesh default covers the catch-all route, which sends to the whole service.
        Add(budgets, XdsNames.Cluster(service), mesh.DefaultRetries);
        foreach (var rule in scope.Rules)
        {
            var retries = rule.Retries ?? mesh.DefaultRetries;
            var sendsAnywhere = false;
            foreach (var destination in rule.Destinations)
            {
                if (destination.Weight > 0)
                {
                    sendsAnywhere = true;
                    Add(budgets, XdsNames.DestinationCluster(service, destination.Subset), retries);
                }
            }

            if (!sendsAnywhere)
            {
                Add(budgets, XdsNames.Cluster(service), retries);
            }
        }

        return budgets.ToImmutable();
    }

    private static void Add(ImmutableDictionary<string, int>.Builder budgets, string cluster, RetryPolicy? retries)
    {
        if (retries is not { Attempts: > 0, BudgetPercent: { } percent })
        {
            return;
        }

        budgets[cluster] = budgets.TryGetValue(cluster, out var existing) ? Math.Min(existing, percent) : percent;
    }
}
