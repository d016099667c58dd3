#!/usr/bin/env python3
"""The Mlp sample's recipe in PyTorch, for comparison.

Linear(784, 128) -> ReLU -> Linear(128, 10), cross-entropy, SGD lr 0.01 momentum 0.9, batch 128 (the last batch of an
epoch keeps the remainder, as DataLoader does), 5 epochs, inputs (x/255 - 0.5)/0.5. The data is read from the same IDX
files (gzipped or not) with numpy, uploaded to the device once as bytes, and each batch is gathered and normalized on the
device from a per-epoch permutation, which is what the GpuDsl sample's kernels do. The running loss is accumulated on the
device and read every 100 mini-batches.

Prints the loss every 100 mini-batches, test accuracy per epoch, the mean epoch time over epochs 2-5 (CUDA events; the
first epoch pays for warm-up and, with --compile, compilation), and a RESULT line that compare.sh reads.

    python3 train_torch.py [--data DIR] [--epochs 5] [--compile] [--save torch.safetensors]
    python3 train_torch.py --eval mlp.safetensors      # test accuracy of weights saved by the GpuDsl sample
"""
import argparse
import gzip
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(directory, name, dimensions):
    """Reads an IDX file of unsigned bytes (NAME.gz or NAME) into a numpy array, checking magic and size."""
    path = os.path.join(directory, name + ".gz")
    if not os.path.exists(path):
        path = os.path.join(directory, name)
    if not os.path.exists(path):
        hint = " (sudo apt-get install -y dataset-fashion-mnist)" if directory == DEFAULT_DATA else ""
        sys.exit(f"error: missing dataset file {os.path.join(directory, name)}.gz (or uncompressed){hint}")
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    magic = struct.unpack(">I", raw[:4])[0]
    if magic != 0x800 | dimensions:
        sys.exit(f"error: {path}: magic number 0x{magic:08X}, expected 0x{0x800 | dimensions:08X}")
    shape = struct.unpack(">" + "I" * dimensions, raw[4:4 + 4 * dimensions])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dimensions)
    if data.size != int(np.prod(shape)):
        sys.exit(f"error: {path}: header declares {shape} = {int(np.prod(shape))} bytes, file has {data.size}")
    return data.reshape(shape)


def flatten(images):
    """[count, height, width] -> [count, pixels], writable (torch.from_numpy warns about read-only arrays)."""
    return images.reshape(images.shape[0], -1).copy()


class Net(nn.Module):
    """The state dict names match the GpuDsl sample's safetensors: fc1.weight, fc1.bias, fc2.weight, fc2.bias."""

    def __init__(self, inputs=784, hidden=128, classes=10):
        super().__init__()
        self.fc1 = nn.Linear(inputs, hidden)
        self.fc2 = nn.Linear(hidden, classes)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


def normalize(images_u8):
    """torchvision's ToTensor then Normalize(0.5, 0.5), on a batch of uint8 rows."""
    return images_u8.float().div(255).sub(0.5).div(0.5)


@torch.no_grad()
def evaluate(model, images, labels, chunk=1000):
    correct = 0
    for start in range(0, images.shape[0], chunk):
        logits = model(normalize(images[start:start + chunk]))
        correct += (logits.argmax(dim=1) == labels[start:start + chunk]).sum().item()
    return correct / images.shape[0]


class Timer:
    """Device time between two points: CUDA events on a GPU, the wall clock on the CPU."""

    def __init__(self, device):
        self.cuda = device.type == "cuda"

    def start(self):
        if self.cuda:
            self.begin = torch.cuda.Event(enable_timing=True)
            self.begin.record()
        else:
            self.begin = time.perf_counter()

    def stop_ms(self):
        if self.cuda:
            end = torch.cuda.Event(enable_timing=True)
            end.record()
            end.synchronize()
            return self.begin.elapsed_time(end)
        return (time.perf_counter() - self.begin) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=DEFAULT_DATA, help="directory of the four IDX files")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--compile", action="store_true", help="train a torch.compile'd model")
    parser.add_argument("--cpu", action="store_true", help="run on the CPU even when CUDA is available")
    parser.add_argument("--save", help="save the trained weights as safetensors (needs the safetensors package)")
    parser.add_argument("--eval", help="only evaluate weights from a safetensors file (e.g. the GpuDsl sample's)")
    args = parser.parse_args()

    device = torch.device("cuda" if torch.cuda.is_available() and not args.cpu else "cpu")
    print(f"Device: {torch.cuda.get_device_name(device) if device.type == 'cuda' else 'cpu'}, torch {torch.__version__}")
    train_x = torch.from_numpy(flatten(read_idx(args.data, "train-images-idx3-ubyte", 3))).to(device)
    train_y = torch.from_numpy(read_idx(args.data, "train-labels-idx1-ubyte", 1).astype(np.int64)).to(device)
    test_x = torch.from_numpy(flatten(read_idx(args.data, "t10k-images-idx3-ubyte", 3))).to(device)
    test_y = torch.from_numpy(read_idx(args.data, "t10k-labels-idx1-ubyte", 1).astype(np.int64)).to(device)

    torch.manual_seed(args.seed)
    net = Net(train_x.shape[1]).to(device)

    if args.eval:
        from safetensors.torch import load_file
        net.load_state_dict(load_file(args.eval, device=str(device)))
        net.eval()
        accuracy = evaluate(net, test_x, test_y)
        print(f"{args.eval}: test accuracy {accuracy * 100:.2f}% (PyTorch)")
        print(f"RESULT test_accuracy={accuracy:.4f}")
        return

    model = torch.compile(net) if args.compile else net
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(net.parameters(), lr=args.lr, momentum=args.momentum)
    generator = torch.Generator(device=device).manual_seed(args.seed)
    timer = Timer(device)
    n = train_x.shape[0]
    epoch_ms, accuracy = [], 0.0

    for epoch in range(args.epochs):
        model.train()
        timer.start()
        order = torch.randperm(n, device=device, generator=generator)
        running_loss = torch.zeros((), device=device)
        for i, start in enumerate(range(0, n, args.batch_size)):
            batch = order[start:start + args.batch_size]
            inputs, labels = normalize(train_x[batch]), train_y[batch]
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
            running_loss += loss.detach()
            if i % 100 == 99:
                print(f"[{epoch + 1}, {i + 1:5d}] loss: {running_loss.item() / 100:.3f}")
                running_loss.zero_()
        epoch_ms.append(timer.stop_ms())
        model.eval()
        accuracy = evaluate(model, test_x, test_y)
        print(f"epoch {epoch + 1}: test accuracy {accuracy * 100:.2f}%, trained in {epoch_ms[-1]:.1f} ms, "
              f"{n / (epoch_ms[-1] / 1000):,.0f} samples/s")

    steady = epoch_ms[1:] if len(epoch_ms) > 1 else epoch_ms
    mean_ms = sum(steady) / len(steady)
    print(f"mean epoch time (epochs {2 if len(epoch_ms) > 1 else 1}-{len(epoch_ms)}): {mean_ms:.1f} ms, "
          f"{n / (mean_ms / 1000):,.0f} samples/s")
    if args.save:
        from safetensors.torch import save_file
        save_file({k: v.contiguous() for k, v in net.state_dict().items()}, args.save, metadata={"format": "pt"})
        print(f"Saved {', '.join(net.state_dict().keys())} to {args.save}")
    # The mean's key names the epochs it averages, as the GpuDsl sample's does; one epoch has no mean.
    mean_field = f"mean_epoch_ms_2_{len(epoch_ms)}={mean_ms:.3f} " if len(epoch_ms) > 1 else ""
    print(f"RESULT {mean_field}first_epoch_ms={epoch_ms[0]:.3f} "
          f"samples_per_s={n / (mean_ms / 1000):.0f} test_accuracy={accuracy:.4f} epochs={len(epoch_ms)}")


if __name__ == "__main__":
    main()
