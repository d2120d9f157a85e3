// Opens a page in Debian's Chromium, headless, and prints as JSON what a test asserts: the console's
// errors and warnings, every request the page made besides itself (each is refused), the text of its
// DOM, and for a screenshot of the first screen and one of the element #timeline, their size and how
// many colours and pixels not of the background they hold (a blank screenshot has one colour).
// usage: node check_page.mjs PAGE.html OUTDIR
import { chromium } from "playwright-core";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [page_path, outdir] = process.argv.slice(2);
const url = pathToFileURL(path.resolve(page_path)).href;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
                                        args: ["--no-sandbox"] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const errors = [], requests = [];
  await context.route("**/*", route => route.request().url() === url ? route.continue() : route.abort());
  const page = await context.newPage();
  page.on("console", m => { if (["error", "warning"].includes(m.type())) errors.push(m.text()); });
  page.on("pageerror", e => errors.push(String(e)));
  page.on("request", r => { if (r.url() !== url) requests.push(r.url()); });
  await page.goto(url, { waitUntil: "load" });
  const shots = { first_screen: await page.screenshot({ path: path.join(outdir, "first-screen.png") }),
                  timeline: await page.locator("#timeline").screenshot({ path: path.join(outdir, "timeline.png") }) };
  const text = await page.evaluate(() => document.body.innerText);
  const pixels = await browser.newPage();
  const screenshots = {};
  for (const [name, png] of Object.entries(shots))
    screenshots[name] = await pixels.evaluate(async data => {
      const image = new Image();
      image.src = "data:image/png;base64," + data;
      await image.decode();
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext("2d");
      context.drawImage(image, 0, 0);
      const rgba = context.getImageData(0, 0, image.width, image.height).data;
      const colours = new Set();
      let other = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        const colour = (rgba[i] << 16) | (rgba[i + 1] << 8) | rgba[i + 2];
        colours.add(colour);
        if (colour !== ((rgba[0] << 16) | (rgba[1] << 8) | rgba[2])) ++other;
      }
      return { width: image.width, height: image.height, colours: colours.size, not_background: other };
    }, png.toString("base64"));
  console.log(JSON.stringify({ errors, requests, screenshots, text }));
} finally {
  await browser.close();
}
