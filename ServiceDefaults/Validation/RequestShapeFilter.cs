using System.Reflection;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.ServiceDefaults.Validation;

/// <summary>
/// Checks every request body an endpoint binds against what its type declares (<see cref="InputShape"/>): a null where
/// the type allows none, or a lone surrogate, is a 400 naming the field before any handler code runs, rather than a 500
/// (or a stored row that every later read fails on).
/// Applied to a route group, so endpoints added to it later are covered.
/// </summary>
public static class RequestShapeFilter
{
    public static TBuilder CheckRequestShapes<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
            var bodies = context.MethodInfo.GetParameters()
                .Select((parameter, index) => (parameter, index))
                .Where(p => IsBody(p.parameter, services)).Select(p => p.index).ToArray();
            if (bodies.Length == 0) return next;
            return invocation =>
            {
                foreach (var index in bodies)
                {
                    var problems = InputShape.Problems(invocation.Arguments[index]);
                    if (problems.Count > 0) throw new ValidationException(problems);
                }
                return next(invocation);
            };
        });

    /// <summary>
    /// A parameter bound from the JSON body: one of our own types,
    /// not a service, a route/query value or a parameter group.
    /// </summary>
    private static bool IsBody(ParameterInfo parameter, IServiceProviderIsService services) =>
        parameter.ParameterType.Namespace?.StartsWith("Codewalkers.", StringComparison.Ordinal) == true
        && !parameter.ParameterType.IsEnum
        && !services.IsService(parameter.ParameterType)
        && parameter.GetCustomAttributes().All(a => a is not (AsParametersAttribute
            or FromServicesAttribute
            or FromRouteAttribute
            or FromQueryAttribute
            or FromHeaderAttribute));
}
