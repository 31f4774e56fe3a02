/**
 * The demo site: one page that carries the tracker like a customer's site
 * would, with something to click for every kind of event.
 */
export const DEMO_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo shop</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem;
    margin: 2rem auto; padding: 0 1rem; color: #1d2433; }
  nav a { margin-right: 1rem; }
  .cta { display: inline-block; padding: .5rem 1rem; background: #2458d6;
    color: #fff; border-radius: .4rem; text-decoration: none; border: 0;
    font: inherit; cursor: pointer; }
  form { margin: 1.5rem 0; display: flex; gap: .5rem; }
  code { background: #eef1f6; padding: 0 .25rem; }
</style>
<script>
  var _hsq = (window._hsq = window._hsq || []);
  _hsq.push(['setContentType', 'landing-page']);
</script>
<script async defer id="hs-script-loader" src="/js/demo.js"></script>
</head>
<body>
<h1 id="heading">Demo shop</h1>
<nav>
  <a href="/demo">Home</a>
  <a href="/demo?page=pricing">Pricing</a>
  <a href="/demo?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=spring">Newsletter link</a>
  <a href="/demo?gclid=demo-click&amp;utm_term=demo+shoes">Ad link</a>
</nav>
<p>Every click here is recorded by the tracker on this page. Sessions,
contacts and reports are in the API and on the <a href="/dashboard/">dashboard</a>.</p>
<p><a class="cta" data-cta="demo-book" href="#book">Book a demo</a></p>
<form id="signup" name="signup" onsubmit="event.preventDefault();
  document.getElementById('thanks').hidden = false;">
  <input type="email" name="email" placeholder="you@example.com" required>
  <button class="cta" type="submit">Sign up</button>
</form>
<p id="thanks" hidden>Thanks! You are now a contact.</p>
<p><button class="cta" id="virtual" type="button">Open the FAQ (single-page
  navigation)</button></p>
<p><a href="https://example.org/">An outbound link</a> ·
  <a href="/demo/guide.pdf" download>A download</a></p>
<script>
  document.getElementById('virtual').addEventListener('click', function () {
    history.pushState({}, '', '/demo/faq');
    document.getElementById('heading').textContent = 'FAQ';
    _hsq.push(['setPath', '/demo/faq']);
    _hsq.push(['trackPageView']);
  });
</script>
</body>
</html>
`;
