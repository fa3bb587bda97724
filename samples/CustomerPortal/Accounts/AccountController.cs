using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc;

namespace CustomerPortal.Accounts;

/// <summary>
/// The customers' self-service pages: server-rendered forms, signed in with a cookie (the API stays on bearer tokens).
/// </summary>
[Authorize(AuthenticationSchemes = AccountCookie.Scheme)]
[Route("account")]
public class AccountController : Controller
{
    /// <summary>
    /// DELIBERATELY INSECURE (TA2004): the browser sends the account cookie with a form another site posts here, and
    /// nothing checks an anti-forgery token: any page a signed-in customer visits can change their e-mail address.
    /// </summary>
    [HttpPost("email")]
    public IActionResult ChangeEmail(string email) => NoContent();

    /// <summary>Secure counterpart: the form's anti-forgery token is validated.</summary>
    [HttpPost("phone")]
    [ValidateAntiForgeryToken]
    public IActionResult ChangePhone(string phone) => NoContent();
}
