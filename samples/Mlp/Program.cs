using Mlp;

// PyTorch's classic MNIST example, Linear(784, 128) -> ReLU -> Linear(128, 10) trained with SGD and cross-entropy, with
// every computation a GpuDsl kernel. MlpCommandLine reads the options; MlpApp runs them.
return MlpCommandLine.Run(args);
