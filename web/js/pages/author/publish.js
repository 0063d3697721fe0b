// Publishing behind the real-data guard: its findings are read first and shown by path (with
// a link to the case to fix); only when it finds nothing is the author asked to confirm.

import { h, replace } from "../../core/dom.js";
import { confirm } from "../../ui/dialog.js";
import { announce } from "../../ui/misc.js";
import { problemList, errorBlock } from "../../features/problems.js";

/**
 * `findings()` resolves to [{path, message}]; `publish()` publishes; `region` shows the
 * findings or the error; `link(path)` may point at the case to fix; `done()` redraws.
 */
export async function checkThenPublish({ what, note, findings, publish, region, link, done }) {
  replace(region, h("p", { class: "loading", role: "status" }, "Checking for real patient data…"));
  try {
    const found = await findings();
    if (found.length) {
      replace(region, problemList(found, {
        heading: `The real-data guard found ${found.length} ${found.length === 1 ? "thing that looks" : "things that look"} real`,
        intro: `Publishing ${what} is refused until each is replaced with invented data.`,
        link,
      }));
      region.firstChild.focus();
      return;
    }
    replace(region);
    const ok = await confirm({
      title: `Publish ${what}?`,
      body: [h("p", null, "The real-data guard found nothing that looks like real patient data: no Social Security number, no e-mail address outside the example domains, no phone number outside the fictional 555-01xx range."),
        note ? h("p", null, note) : null,
        h("p", null, "Once published, whoever its visibility allows can practise it.")],
      confirmLabel: "Publish",
    });
    if (!ok) return;
    await publish();
    announce(`Published ${what}.`);
    done();
  } catch (err) {
    replace(region, errorBlock(err, { link }));
    if (region.firstChild) region.firstChild.focus();
  }
}
