using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace Authorizer.Local.Tests.Console;

/// <summary>The console as a person uses it: fields by their ids, buttons by their visible text, waits on what the page shows.</summary>
internal sealed class ConsolePage(IWebDriver driver, Uri restBase)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public IWebDriver Driver => driver;

    /// <summary>A fresh load: whatever a previous test signed in with is gone with the old page.</summary>
    public void Open() => driver.Navigate().GoToUrl(new Uri(restBase, "console"));

    public void SignIn(string appKey, string appSecret)
    {
        Open();
        Type("sign-in-key", appKey);
        Type("sign-in-secret", appSecret);
        Click("Sign in");
    }

    public void Type(string id, string text)
    {
        var field = Visible(id);
        field.Clear();
        field.SendKeys(text);
    }

    public void Click(string buttonText) =>
        Wait(d => d.FindElements(By.XPath($"//button[normalize-space(.)='{buttonText}']")).FirstOrDefault(b => b.Displayed && b.Enabled))!.Click();

    public IWebElement Visible(string id) => Wait(d => d.FindElements(By.Id(id)).FirstOrDefault(e => e.Displayed))!;

    public bool IsShown(string id) => driver.FindElements(By.Id(id)).Any(e => e.Displayed);

    public string TextOf(string id) => driver.FindElement(By.Id(id)).Text;

    /// <summary>Waits until the element shows text containing <paramref name="expected"/>, and returns all of it.</summary>
    public string WaitForText(string id, string expected) =>
        Wait(d => d.FindElements(By.Id(id)).FirstOrDefault(e => e.Displayed && e.Text.Contains(expected, StringComparison.Ordinal))?.Text)!;

    /// <summary>Waits until the table lists more than <paramref name="count"/> rows with an action.</summary>
    public void WaitForMoreRowsThan(string tableId, int count) => Wait(_ => Rows(tableId) > count);

    public int Rows(string tableId) => driver.FindElements(By.CssSelector($"#{tableId} tbody tr td button")).Count;

    /// <summary>Saves what the window shows, scrolled to <paramref name="id"/> when given.</summary>
    public void Screenshot(string name, string? id = null)
    {
        if (id is not null)
        {
            ((IJavaScriptExecutor)driver).ExecuteScript("arguments[0].scrollIntoView({block: 'center'});", driver.FindElement(By.Id(id)));
        }

        var folder = Environment.GetEnvironmentVariable("CONSOLE_SCREENSHOT_DIR") is { Length: > 0 } configured
            ? Path.GetFullPath(configured, RepositoryPaths.Root)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(folder, name));
    }

    private T Wait<T>(Func<IWebDriver, T> condition)
    {
        var wait = new WebDriverWait(driver, Patience);
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        try
        {
            return wait.Until(condition);
        }
        catch (WebDriverTimeoutException ex)
        {
            throw new WebDriverTimeoutException(
                $"{ex.Message}\nstatus: {Safe("status")}\nerror: {Safe("error")}", ex);
        }
    }

    private string Safe(string id) => driver.FindElements(By.Id(id)).FirstOrDefault()?.Text ?? "(none)";
}
