namespace WebFrontend.Shop;

/// <summary>Identifies a browser's buyer by a cookie, so each browser has its own basket.</summary>
internal static class BuyerCookie
{
    private const string Name = "eshop-buyer";

    public static string Get(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(Name, out var buyer) && Guid.TryParse(buyer, out _))
        {
            return buyer;
        }

        buyer = Guid.NewGuid().ToString("N");
        context.Response.Cookies.Append(Name, buyer, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
        return buyer;
    }
}
