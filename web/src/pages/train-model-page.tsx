import { Link } from 'wouter';

import { TrainModelForm } from '../components/models/train-model-form.js';

/** Train a built-in algorithm on a catalog table or an object store prefix. */
export default function TrainModelPage() {
  return (
    <>
      <p>
        <Link href="/models">All models</Link>
      </p>
      <h1>Train model</h1>
      <TrainModelForm />
    </>
  );
}
