# OpenCV reference fills for `npm run eval` (run by scripts/eval/opencv.ts with Debian's
# /usr/bin/python3 and python3-opencv). Reads one JSON job per stdin line:
#   {"image": in.png, "mask": mask.png (255 = fill), "out": out.png, "method": "telea" | "shiftmap", "radius": 5}
# and writes each result, printing "ok <out>" per job (or "error <message>").
import json
import sys

import cv2
import numpy as np

for line in sys.stdin:
    job = json.loads(line)
    try:
        img = cv2.imread(job["image"], cv2.IMREAD_COLOR)
        mask = cv2.imread(job["mask"], cv2.IMREAD_GRAYSCALE)
        mask = np.where(mask >= 128, 255, 0).astype(np.uint8)
        if job["method"] == "telea":
            out = cv2.inpaint(img, mask, job.get("radius", 5), cv2.INPAINT_TELEA)
        elif job["method"] == "shiftmap":
            out = np.zeros_like(img)
            # xphoto's mask marks the known pixels (non-zero), the opposite of cv2.inpaint's
            cv2.xphoto.inpaint(img, np.where(mask > 0, 0, 255).astype(np.uint8), out, cv2.xphoto.INPAINT_SHIFTMAP)
        else:
            raise ValueError("unknown method " + job["method"])
        cv2.imwrite(job["out"], out)
        print("ok " + job["out"], flush=True)
    except Exception as e:  # one bad job must not lose the others
        print("error " + str(e).replace("\n", " "), flush=True)
